-- Code 9.4 at a million complaints (issue 30): the themes and trends over whole months are
-- grouped from every complaint received in the period (180,000 a year at the largest landlord),
-- seconds of work. They are worked out once a day for each period, kept here with the moment
-- they were worked out, which the page shows, and worked out again when someone asks.
create table theme_snapshots (
  months smallint not null,
  to_date date not null,
  computed_at timestamptz not null,
  figures jsonb not null,
  primary key (months, to_date)
);
