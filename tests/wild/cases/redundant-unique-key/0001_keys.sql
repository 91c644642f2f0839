-- PostgreSQL keeps one index for key constraints of one statement over the same columns, and a named
-- repeat gives its name to an unnamed key (transformIndexConstraints). Reduced from reportportal.
CREATE TABLE project_attribute (
    attribute_id bigint,
    project_id bigint,
    PRIMARY KEY (attribute_id, project_id),
    CONSTRAINT unique_attribute_per_project UNIQUE (attribute_id, project_id)
);
CREATE TABLE u2 (a int, UNIQUE (a), CONSTRAINT u2_named UNIQUE (a));
CREATE TABLE u3 (a int UNIQUE, CONSTRAINT u3_named UNIQUE (a), CONSTRAINT u3_other UNIQUE (a));
CREATE TABLE u4 (a int CONSTRAINT u4_pk PRIMARY KEY, CONSTRAINT u4_named UNIQUE (a));
CREATE TABLE u5 (a int, b int, PRIMARY KEY (a), CONSTRAINT u5_ab UNIQUE (a, b), CONSTRAINT u5_ba UNIQUE (b, a));
CREATE TABLE u6 (a int, UNIQUE (a), CONSTRAINT u6_def UNIQUE (a) DEFERRABLE);
