/* cmdio.h - stdout handling shared by the reporting run modes. */
#ifndef OC_CMDIO_H
#define OC_CMDIO_H

/* Flushes and closes stdout; on any write error (full disk, closed pipe,
 * /dev/full) prints one line to stderr and returns OC_EIO, else OC_OK.
 * Nothing may be written to stdout afterwards. */
int oc_stdout_close(void);

#endif
