/* SPDX-License-Identifier: MIT */
/* team.h - a fixed team of threads that runs one function over its parts,
 * again and again, without starting threads each time: for work split in
 * many short rounds (an optimiser's objective, evaluated a thousand times),
 * where starting threads per round would cost more than the round. */
#ifndef OC_CORE_TEAM_H
#define OC_CORE_TEAM_H

struct oc_team;

/* A team of n_parts threads, the caller's among them (n_parts - 1 are
 * started).  NULL when n_parts < 2 or no thread could be started: callers
 * then run every part themselves (oc_team_run accepts NULL). */
struct oc_team *oc_team_new(int n_parts);

/* Number of parts of oc_team_run's rounds: 1 for NULL. */
int oc_team_parts(const struct oc_team *t);

/* Calls fn(arg, part, n_parts) once for every part 0..n_parts-1, part 0 on
 * the calling thread, the others on the team's threads, and returns when
 * all have returned.  What a part writes is seen by the caller afterwards. */
void oc_team_run(struct oc_team *t, void (*fn)(void *arg, int part, int n_parts), void *arg);

/* Stops and joins the threads; NULL is accepted. */
void oc_team_free(struct oc_team *t);

#endif
