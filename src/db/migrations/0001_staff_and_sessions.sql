-- Staff accounts, web sessions, API tokens and an append-only audit log of account changes.

create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null,
  name text not null,
  role text not null check (role in ('handler', 'complaints_officer', 'senior_lead', 'board', 'admin')),
  password_hash text not null,
  failed_sign_in_attempts integer not null default 0,
  locked_until timestamptz,
  password_changed_at timestamptz not null,
  disabled_at timestamptz,
  created_at timestamptz not null,
  created_by uuid references users (id)
);
create unique index users_email_key on users (lower(email));

-- Only a SHA-256 of each session cookie and API token is kept: a copy of the database
-- does not let anyone sign in.
create table staff_sessions (
  token_hash text primary key,
  user_id uuid not null references users (id),
  created_at timestamptz not null,
  expires_at timestamptz not null,
  last_seen_at timestamptz not null
);
create index staff_sessions_user_id_idx on staff_sessions (user_id);

create table api_tokens (
  id uuid primary key default gen_random_uuid(),
  token_hash text not null unique,
  user_id uuid not null references users (id),
  created_at timestamptz not null,
  expires_at timestamptz not null,
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_tokens_user_id_idx on api_tokens (user_id);

-- Secrets this installation generated for itself (e.g. the cookie-signing key when
-- SESSION_SECRET is not set), so they survive restarts.
create table instance_secrets (
  name text primary key,
  value text not null,
  created_at timestamptz not null
);

create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null,
  actor_id uuid references users (id),
  action text not null,
  subject_id uuid,
  details jsonb not null default '{}'::jsonb
);

-- History is never rewritten: the database itself refuses UPDATE and DELETE on it.
create function refuse_history_change() returns trigger language plpgsql as $$
begin
  raise exception 'the table % is append-only: its rows may not be updated or deleted', tg_table_name
    using errcode = 'P0001';
end;
$$;

create trigger audit_log_append_only
  before update or delete on audit_log
  for each row execute function refuse_history_change();
create trigger audit_log_no_truncate
  before truncate on audit_log
  for each statement execute function refuse_history_change();
