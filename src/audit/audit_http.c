/* Audit rows for the request's own person or caseworker. */
#include "audit/audit_http.h"
#include "audit/audit.h"

#include "auth/session.h"

static audit_event event_of(const req *r, const char *object_kind, int64_t object_id, const char *action,
                            const char *detail)
{
    const auth_session *s = r->session;
    audit_event e = {
        .actor_kind = AUDIT_ACTOR_SYSTEM,
        .actor_id = 0,
        .actor_role = "system",
        .object_kind = object_kind,
        .object_id = object_id,
        .action = action,
        .request_id = r->id,
        .detail = detail,
    };
    if (s && s->staff_id) {
        e.actor_kind = AUDIT_ACTOR_STAFF;
        e.actor_id = s->staff_id;
        /* The roles the caseworker held when acting; "" would say nothing. */
        e.actor_role = s->roles && s->roles[0] ? s->roles : "ansatt";
    } else if (s && s->person_id) {
        e.actor_kind = AUDIT_ACTOR_PERSON;
        e.actor_id = s->person_id;
        e.actor_role = "person";
    }
    return e;
}

int audit_append_req(db *d, const req *r, const char *object_kind, int64_t object_id, const char *action,
                     const char *detail)
{
    audit_event e = event_of(r, object_kind, object_id, action, detail);
    return audit_append(d, &e, NULL);
}

int audit_record_req(db *d, const req *r, const char *object_kind, int64_t object_id, const char *action,
                     const char *detail)
{
    audit_event e = event_of(r, object_kind, object_id, action, detail);
    return audit_record(d, &e);
}

static int append_step(db *d, void *ctx)
{
    return audit_append(d, ctx, NULL);
}

void audit_on_commit_req(db *d, req *r, const char *object_kind, int64_t object_id, const char *action,
                         const char *detail)
{
    audit_event *e = arena_alloc(r->arena, sizeof *e);
    *e = event_of(r, object_kind, object_id, action, detail);
    db_before_commit(d, append_step, e);
}

void audit_after_action(db *d)
{
    db_before_commit_clear(d);
}
