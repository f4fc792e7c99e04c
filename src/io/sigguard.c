/* SPDX-License-Identifier: MIT */
/* sigguard.c - the termination-signal guard (see sigguard.h). */
#include "config.h"

#include <signal.h>
#include <string.h>

#include "io/artset.h"
#include "io/sigguard.h"

static const int guarded[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
#define N_GUARDED (sizeof guarded / sizeof guarded[0])

_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "the cancel flag is set from a signal handler");
static atomic_int cancel_flag;
static atomic_int caught;
static struct sigaction saved[N_GUARDED], saved_xfsz;

static void on_signal(int sig)
{
	int none = 0;
	if (!atomic_compare_exchange_strong(&caught, &none, sig)) {
		oc_artset_cleanup();
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	atomic_store(&cancel_flag, 1);
}

void oc_sig_install(void)
{
	struct sigaction sa;
	atomic_store(&cancel_flag, 0);
	atomic_store(&caught, 0);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < N_GUARDED; i++)
		sigaction(guarded[i], &sa, &saved[i]);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGXFSZ, &sa, &saved_xfsz);
}

void oc_sig_restore(void)
{
	for (size_t i = 0; i < N_GUARDED; i++)
		sigaction(guarded[i], &saved[i], NULL);
	sigaction(SIGXFSZ, &saved_xfsz, NULL);
	oc_artset_cleanup();
}

const atomic_int *oc_sig_cancel(void)
{
	return &cancel_flag;
}

int oc_sig_caught(void)
{
	return atomic_load(&caught);
}
