/*
 * validate_petrarch.c — PETRARCH's unit-test records (XML, read with
 * libxml2).
 *
 * <Environment> names the dictionaries (<Verbfile>, <Actorfile>,
 * <Agentfile>, <Discardfile>, <Issuefile>; paths relative to the XML) and
 * the categories to run (<Include>); each <Sentence date id category
 * sentence> holds <EventCoding sourcecode targetcode eventcode/> lines (or
 * noevents="True", or error="..."), the <Text> and a <Parse> tree, which we
 * do not use: we code from the text alone.  Records of categories not
 * included, records marked sentence="false" and records expecting a parser
 * error (error="dateline", "bad_input_parse") are skipped; story and
 * sentence discards are expected discards.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "validate/validate_internal.h"

static const char *attr(xmlNode *n, const char *name, char *buf, size_t cap) {
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v) return NULL;
    snprintf(buf, cap, "%s", (const char *)v);
    xmlFree(v);
    return buf;
}

static int named(const xmlNode *n, const char *name) {
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* The trimmed text content of an element into buf. */
static char *content(xmlNode *n, char *buf, size_t cap) {
    xmlChar *c = xmlNodeGetContent(n);
    const char *s = c ? (const char *)c : "";
    while (isspace((unsigned char)*s)) s++;
    size_t len = strlen(s);
    while (len && isspace((unsigned char)s[len - 1])) len--;
    snprintf(buf, cap, "%.*s", (int)(len < cap ? len : cap - 1), s);
    if (c) xmlFree(c);
    return buf;
}

static int included(const char *list, const char *category) {
    if (!list) return 1;
    size_t n = strlen(category);
    for (const char *p = list; *p;) {
        while (isspace((unsigned char)*p)) p++;
        const char *e = p;
        while (*e && !isspace((unsigned char)*e)) e++;
        if ((size_t)(e - p) == n && strncasecmp(p, category, n) == 0) return 1;
        p = e;
    }
    return 0;
}

int dw_validate_petrarch(const char *path, dw_validate_fn fn, void *ctx, dw_validate_summary *sum,
                         dw_error *err) {
    snprintf(sum->suite, sizeof sum->suite, "PETRARCH");
    xmlDoc *doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        const xmlError *xe = xmlGetLastError();
        return dw_fail(err, DW_EPARSE, "%s:%d: not well-formed XML: %s", path, xe ? xe->line : 0,
                       xe && xe->message ? xe->message : "?");
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    char dir[4096];
    dw_val_split_path(path, dir, sizeof dir, NULL);
    /* the environment: dictionaries and categories */
    char files[16][256];
    const char *names[16];
    size_t nf = 0;
    char include[1024], *inc = NULL;
    xmlNode *sentences = NULL;
    for (xmlNode *n = root ? root->children : NULL; n; n = n->next) {
        if (named(n, "Sentences")) sentences = n;
        if (!named(n, "Environment")) continue;
        for (xmlNode *e = n->children; e; e = e->next) {
            if (e->type != XML_ELEMENT_NODE) continue;
            const char *tag = (const char *)e->name;
            if ((!strcmp(tag, "Verbfile") || !strcmp(tag, "Actorfile") || !strcmp(tag, "Agentfile") ||
                 !strcmp(tag, "Discardfile") || !strcmp(tag, "Issuefile")) &&
                nf < 16) {
                content(e, files[nf], sizeof files[nf]);
                names[nf] = files[nf];
                nf++;
            } else if (!strcmp(tag, "Include")) {
                inc = content(e, include, sizeof include);
            }
        }
    }
    if (!root || !named(root, "Validation") || !sentences || !nf) {
        xmlFreeDoc(doc);
        return dw_fail(err, DW_EPARSE,
                       "%s: expected <Validation> with <Environment> (dictionary files) and <Sentences>", path);
    }
    dw_dict *d = dw_val_load(dir, names, nf, err);
    dw_peer *peer = d ? dw_peer_new(d, err) : NULL;
    int rc = peer ? DW_OK : err->code;
    dw_val_expect *x = calloc(1, sizeof *x);
    enum { TEXT_CAP = 1 << 16 }; /* a record's sentence, bounded */
    char *text = malloc(TEXT_CAP);
    if ((!x || !text) && !rc) rc = dw_fail(err, DW_ENOMEM, "out of memory");
    for (xmlNode *s = sentences->children; s && !rc; s = s->next) {
        if (!named(s, "Sentence")) continue;
        char id[128] = "?", date[32] = "", cat[64] = "", valid[16] = "true";
        attr(s, "id", id, sizeof id);
        attr(s, "date", date, sizeof date);
        attr(s, "category", cat, sizeof cat);
        attr(s, "sentence", valid, sizeof valid);
        memset(x, 0, sizeof *x);
        text[0] = '\0';
        int events = 0, none = 0, discard = 0, parse_error = 0;
        for (xmlNode *c = s->children; c; c = c->next) {
            if (named(c, "Text")) content(c, text, TEXT_CAP);
            if (!named(c, "EventCoding")) continue;
            char a[64], b[64], e[64], v[64];
            if (attr(c, "noevents", v, sizeof v)) none = 1;
            if (attr(c, "error", v, sizeof v)) {
                if (strstr(v, "discard")) discard = 1;
                else parse_error = 1;
            }
            if (attr(c, "sourcecode", a, sizeof a) && attr(c, "targetcode", b, sizeof b) &&
                attr(c, "eventcode", e, sizeof e)) {
                dw_val_add(x, a, b, e);
                events = 1;
            }
        }
        const char *why = strcasecmp(valid, "true") != 0 ? "marked sentence=\"false\""
                          : !included(inc, cat)            ? "category not included"
                          : parse_error                    ? "expects a parser error"
                          : !events && !none && !discard   ? "nothing to check"
                                                           : NULL;
        if (why) {
            dw_val_skip(id, date, text, why, fn, ctx, sum);
            continue;
        }
        x->kind = events ? DW_EXPECT_EVENTS : discard ? DW_EXPECT_DISCARD : DW_EXPECT_NONE;
        dw_peer_new_story(peer);
        rc = dw_val_check(peer, id, date, dw_peer_date_days(date, strlen(date)), text, x, fn, ctx, sum, err);
    }
    free(x);
    free(text);
    dw_peer_free(peer);
    dw_dict_free(d);
    xmlFreeDoc(doc);
    return rc;
}
