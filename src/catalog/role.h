/* role.h — the roles the model knows (CREATE ROLE, membership, SUPERUSER) and PostgreSQL's rules over them:
 * has_privs_of_role (utils/adt/acl.c), the ownership test of aclchk.c's pg_*_ownercheck. A role the model
 * does not know may exist (a catalog read offline knows only what the history made): every test about an
 * unknown role answers in the permissive direction, so that it never reports what PostgreSQL accepts. */
#ifndef STRATA_CATALOG_ROLE_H
#define STRATA_CATALOG_ROLE_H

#include "strata.h"
#include "catalog/catalog.h"

/* The role named NAME, or NULL when the model does not know it. */
CatRole *cat_role_find(const Catalog *cat, const char *name);
/* Add role NAME (not yet known) with PostgreSQL's defaults (NOSUPERUSER INHERIT). Arena memory. */
CatRole *cat_role_add(Catalog *cat, const char *name);
/* Forget role NAME and every membership in it. */
void cat_role_remove(Catalog *cat, const char *name);
/* GRANT GROUP TO R / REVOKE GROUP FROM R (no duplicates). */
void cat_role_grant(Catalog *cat, CatRole *r, const char *group);
void cat_role_revoke(CatRole *r, const char *group);
/* Is ROLE unrestricted: a superuser, or a role the model does not know (assumed able, see above)? */
bool cat_role_unrestricted(const Catalog *cat, const char *role);
/* has_privs_of_role(MEMBER, ROLE): MEMBER is ROLE, a superuser, or a member of ROLE through roles that
 * inherit (a NOINHERIT role has only its own privileges). True as well when the answer depends on a role
 * the model does not know (MEMBER, ROLE or a role on the way), or when either is NULL. */
bool cat_role_has_privs(const Catalog *cat, const char *member, const char *role);
/* The role owning O: its own, or its table's for constraints, indexes, triggers and policies (NULL when not
 * known). */
const char *cat_object_rolowner(const CatObject *o);
/* Copy SRC's roles and session state into DST (DST's previous roles are abandoned to its arena): for
 * catalog_clone and catalog_restore, so that a rolled-back CREATE ROLE or SET SESSION AUTHORIZATION goes. */
void cat_roles_copy(Catalog *dst, const Catalog *src);

#endif
