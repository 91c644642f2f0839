---- tern: disable-tx ----
create index concurrently member_user_name on member (user_name);

---- create above / drop below ----

drop index member_user_name;
