/* SPDX-License-Identifier: MIT */
/* sigguard.c - the termination-signal guard (see sigguard.h). */
#include "config.h"

#include <signal.h>
#include <stdbool.h>
#include <string.h>

#include "io/artset.h"
#include "io/sigguard.h"

/* Every mode: the signals a user or a supervisor sends to stop a run. */
static const int guarded[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
#define N_GUARDED (sizeof guarded / sizeof guarded[0])

/* The dashboard: the other signals whose default is to terminate (the
 * real-time ones are added in a loop), and the faults, which cannot wait
 * for the loop. */
static const int terminating[] = {
	SIGUSR1, SIGUSR2, SIGALRM, SIGPIPE, SIGVTALRM, SIGPROF, SIGXCPU,
#ifdef SIGIO
	SIGIO,
#endif
#ifdef SIGPWR
	SIGPWR,
#endif
#ifdef SIGSTKFLT
	SIGSTKFLT,
#endif
};
#define N_TERMINATING (sizeof terminating / sizeof terminating[0])
static const int faults[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGSYS, SIGTRAP };
#define N_FAULTS (sizeof faults / sizeof faults[0])

#define SIG_MAX 128         /* above SIGRTMAX on every Linux */

_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "the cancel flag is set from a signal handler");
static atomic_int cancel_flag;
static atomic_int caught;
static void (*restore_hook)(void);
static struct sigaction saved[SIG_MAX];
static bool installed[SIG_MAX];

/* Removes the temporaries, restores the terminal, dies of sig. */
static void die_of(int sig)
{
	oc_artset_cleanup();
	if (restore_hook)
		restore_hook();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void on_signal(int sig)
{
	int none = 0;
	if (!atomic_compare_exchange_strong(&caught, &none, sig)) {
		die_of(sig);
		return;
	}
	atomic_store(&cancel_flag, 1);
}

static void on_fault(int sig)
{
	die_of(sig);
}

static void catch(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;
	if (sig <= 0 || sig >= SIG_MAX)
		return;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	if (sigaction(sig, &sa, &saved[sig]) == 0)
		installed[sig] = true;
}

void oc_sig_install(void)
{
	atomic_store(&cancel_flag, 0);
	atomic_store(&caught, 0);
	restore_hook = NULL;
	for (size_t i = 0; i < N_GUARDED; i++)
		catch(guarded[i], on_signal, 0);
	catch(SIGXFSZ, SIG_IGN, 0);
}

void oc_sig_install_interactive(void (*restore)(void))
{
	oc_sig_install();
	restore_hook = restore;
	for (size_t i = 0; i < N_TERMINATING; i++)
		catch(terminating[i], on_signal, 0);
	for (int sig = SIGRTMIN; sig <= SIGRTMAX; sig++)
		catch(sig, on_signal, 0);
	for (size_t i = 0; i < N_FAULTS; i++)
		catch(faults[i], on_fault, SA_RESETHAND);
}

void oc_sig_restore(void)
{
	for (int sig = 1; sig < SIG_MAX; sig++)
		if (installed[sig]) {
			sigaction(sig, &saved[sig], NULL);
			installed[sig] = false;
		}
	restore_hook = NULL;
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
