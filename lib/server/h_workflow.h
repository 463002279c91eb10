/*
 * server — the licensing workflow's typed HTTP routes (private).
 *
 * Declared apart from srv.h so that the route table (router.c) is the only
 * other file that needs to know about them. Every handler maps one REST
 * route onto one workflow action (docs/workflow.md); the workflow library
 * enforces the role x action matrix and each actor's scope again, so the
 * route's role set is a first filter, not the only one.
 */
#ifndef XC_H_WORKFLOW_H
#define XC_H_WORKFLOW_H

#include "server/srv.h"

int h_wf_create(srv_req *r);        /* POST /v1/cases */
int h_wf_list(srv_req *r);          /* GET /v1/cases/list */
int h_wf_get(srv_req *r);           /* GET /v1/cases/{id} */
int h_wf_update(srv_req *r);        /* PATCH /v1/cases/{id} */
int h_wf_submit(srv_req *r);        /* POST /v1/cases/{id}/submit: server-side checks */
int h_wf_case_action(srv_req *r);   /* POST /v1/cases/{id}/<action> */
int h_wf_alert_ack(srv_req *r);     /* POST /v1/cases/{id}/alerts/{alert}/ack */
int h_wf_alerts(srv_req *r);        /* GET /v1/alerts */
int h_wf_rescreen(srv_req *r);      /* POST /v1/alerts/rescreen */
int h_wf_lists_reload(srv_req *r);  /* POST /v1/lists/reload */
int h_wf_licence(srv_req *r);       /* GET /v1/licences/{number} */
int h_wf_expire(srv_req *r);        /* POST /v1/licences/expire */
int h_wf_compliance_list(srv_req *r);
int h_wf_icp_checklist(srv_req *r);
int h_wf_compliance_post(srv_req *r); /* POST /v1/compliance/<kind> */
int h_wf_stats(srv_req *r);         /* GET /v1/stats */

#endif
