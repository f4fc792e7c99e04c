/* SPDX-License-Identifier: MIT */
/* sigguard.h - one signal guard for every mode that runs to completion
 * (--batch, --generate, --predict).
 *
 * SIGINT, SIGTERM, SIGHUP and SIGQUIT set the cancel flag: the run stops
 * at its next step, removes its temporaries and leaves the previous
 * artifacts; a second one ends the process at once, after removing the
 * temporaries.  SIGXFSZ is ignored, so a file-size limit (ulimit -f) is
 * an EFBIG write error (exit 74) and not a silent death. */
#ifndef OC_SIGGUARD_H
#define OC_SIGGUARD_H

#include <stdatomic.h>

/* Installs the guard (handlers without SA_RESTART: a blocked read returns
 * EINTR and the caller looks at the flag). */
void oc_sig_install(void);

/* Puts the previous dispositions back. */
void oc_sig_restore(void);

/* The cancel flag the handlers set. */
const atomic_int *oc_sig_cancel(void);

/* The first signal caught since oc_sig_install, or 0. */
int oc_sig_caught(void);

#endif
