-- The landlord's own words in each kind of letter, and its letterhead and sign-off. Every
-- change is a new version; versions are never changed or removed, and each letter records the
-- template version it was written with.
create table letter_templates (
  kind text not null,
  version integer not null,
  opening text not null,
  closing text not null,
  created_at timestamptz not null,
  created_by uuid references users (id),
  primary key (kind, version)
);
create trigger letter_templates_append_only
  before update or delete on letter_templates
  for each row execute function refuse_history_change();

create table letter_settings (
  version integer primary key,
  address text not null,
  signature text not null,
  sign_with_name boolean not null,
  created_at timestamptz not null,
  created_by uuid references users (id)
);
create trigger letter_settings_append_only
  before update or delete on letter_settings
  for each row execute function refuse_history_change();

alter table letters add column template_version integer;
alter table letters add column reissue_of uuid references letters (id);
