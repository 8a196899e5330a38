-- Code 5.9: how often residents are updated while a stage is considered, unless another
-- interval is agreed at acknowledgement. Part of the landlord's versioned timescales.
alter table policy_versions add column resident_update_days integer not null default 10;
