-- Signing in through the landlord's OpenID Connect provider: each attempt's state (stored as a
-- hash), PKCE verifier and nonce, kept in the database so whichever instance receives the
-- provider's answer can finish it, and so an answer can be used once: a replayed state finds
-- its attempt already used. Attempts are deleted by the daily housekeeping after a day.
create table sign_in_attempts (
  state_hash text primary key,
  code_verifier text not null,
  nonce text not null,
  next_path text not null,
  created_at timestamptz not null,
  used_at timestamptz
);
create index sign_in_attempts_created_idx on sign_in_attempts (created_at);
