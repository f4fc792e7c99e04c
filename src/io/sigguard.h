/* SPDX-License-Identifier: MIT */
/* sigguard.h - one signal guard for every mode: --batch, --generate,
 * --predict and the dashboard.
 *
 * SIGINT, SIGTERM, SIGHUP and SIGQUIT set the cancel flag: the run stops
 * at its next step, removes its temporaries and leaves the previous
 * artifacts; a second one ends the process at once, after removing the
 * temporaries.  SIGXFSZ is ignored, so a file-size limit (ulimit -f) is
 * an EFBIG write error (exit 74) and not a silent death.
 *
 * The dashboard adds the other signals that terminate by default (SIGUSR1,
 * SIGUSR2, SIGALRM, SIGPIPE, ..., the real-time ones), which set the flag
 * the same way, and the faults (SIGSEGV, SIGABRT, ...), which end the
 * process at once; before the process dies of a signal the restore hook
 * puts the terminal back.  SIGWINCH and SIGTSTP are left to curses. */
#ifndef OC_SIGGUARD_H
#define OC_SIGGUARD_H

#include <stdatomic.h>

/* Installs the guard (handlers without SA_RESTART: a blocked read returns
 * EINTR and the caller looks at the flag). */
void oc_sig_install(void);

/* Installs the guard for the dashboard (see above).  restore must be
 * async-signal-safe; it runs before the process dies of a second signal
 * or a fault. */
void oc_sig_install_interactive(void (*restore)(void));

/* Puts the previous dispositions back. */
void oc_sig_restore(void);

/* The cancel flag the handlers set. */
const atomic_int *oc_sig_cancel(void);

/* The first signal caught since the guard was installed, or 0. */
int oc_sig_caught(void);

#endif
