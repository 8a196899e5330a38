-- The landlord's logo, at the top of every letter's PDF (with its name as the alternative text).
alter table letter_settings add column logo bytea;
alter table letter_settings add column logo_type text;
