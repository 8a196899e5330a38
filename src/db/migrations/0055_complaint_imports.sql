-- Reserved: filled in by its feature branch.
select 1;
