create table organization (
    organization_id uuid primary key default gen_random_uuid(),
    name text not null unique
);

---- create above / drop below ----

drop table organization;
