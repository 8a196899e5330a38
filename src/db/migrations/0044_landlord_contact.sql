-- How residents reach the complaints team (a phone number and an email address) is the
-- landlord's own data, set by an administrator with the letterhead, not only the environment's
-- COMPLAINTS_PHONE and COMPLAINTS_EMAIL (which stay as the defaults until it is set).
alter table letter_settings add column phone text;
alter table letter_settings add column email text;
