-- Code 5.11 and 2.2: a stage 2 request may be refused only on a ground that truly applies at
-- stage 2. The complaint's own stage 1 is not a "previous consideration", and its age was
-- judged when it was accepted; only legal proceedings started since can stop an escalation.
alter table exclusion_grounds add column refuses_escalation boolean not null default false;
update exclusion_grounds set refuses_escalation = true where code = 'legal_proceedings';

