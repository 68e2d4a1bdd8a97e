/*
 * store_sql.h — SQL fragments shared by the store and the analysis stage.
 */
#ifndef DW_STORE_SQL_H
#define DW_STORE_SQL_H

/* An actor key P (a bound parameter) selects side S ("src" or "tgt") when it
 * equals the code, country or group, or is one of the comma-separated roles
 * (a key with a comma is never a role) — the rule of dw_actor_matches. */
#define DW_SQL_ACTOR_MATCH(S, P)                                                 \
    "(" S "_code = " P " OR " S "_country = " P " OR " S "_group = " P          \
    " OR (instr(" P ", ',') = 0 AND instr(',' || " S "_roles || ',', ',' || " P \
    " || ',') > 0))"

#endif
