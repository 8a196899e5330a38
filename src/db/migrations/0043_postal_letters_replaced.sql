-- A letter waiting for the post that is reissued (for instance once a missing postal address has
-- been recorded) is not posted as well: the queue keeps it, marked with the letter that replaced
-- it, and prints only the replacement.
alter table postal_letters add column replaced_by uuid references letters (id);
