-- +goose Up
-- +goose StatementBegin
CREATE TABLE envs (id int PRIMARY KEY, source text);
CREATE TABLE snapshots (env_id int REFERENCES envs);
-- +goose StatementEnd

-- +goose Down
DROP TABLE snapshots;
DROP TABLE envs;
