/* pyhelpers.h — the Python programs `strata import` runs with the project's own interpreter (sources in
 * src/project/py/, embedded at build time by scripts/embed-py). Each writes one JSON document to the file
 * named by its second argument. */
#ifndef STRATA_PROJECT_PYHELPERS_H
#define STRATA_PROJECT_PYHELPERS_H

extern const char py_import_alembic[]; /* out.json, alembic.ini, known revisions (comma-separated) */
extern const char py_import_django[];  /* out.json, known migrations "app.name,..."; env: the scratch db */

#endif
