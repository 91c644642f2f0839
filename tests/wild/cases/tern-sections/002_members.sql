create table member (
    organization_id uuid not null references organization on delete cascade,
    user_name text not null,
    primary key (organization_id, user_name)
);
 ---- create above / drop below ----
drop table member;
