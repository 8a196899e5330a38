-- Reserved for work in progress; replaced by its own migration.
select 1;
