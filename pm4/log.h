/*
 * pm4/log.h — the library's one message path.
 *
 * Every error the library reports goes through amdpm4_seterr(): it formats a
 * one-line message into a per-thread buffer (read back with
 * amdpm4_last_error(), declared in include/amdpm4.h) and returns the negative
 * errno it was given, so a failing call reads
 *
 *     return amdpm4_seterr(-EINVAL, "grid %u×%u×%u has a zero dimension", x, y, z);
 *
 * The library never prints; tools turn the message into their one stderr line.
 */
#ifndef AMDPM4_PM4_LOG_H
#define AMDPM4_PM4_LOG_H

#include <stdarg.h>

/* Record a message for the calling thread and return err (a negative errno). */
int amdpm4_seterr(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int amdpm4_vseterr(int err, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Prefix the calling thread's current message with more context
 * ("queue 0, submission 12: " + old message).  Returns err. */
int amdpm4_adderr(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Clear the calling thread's message (successful calls need not). */
void amdpm4_clearerr(void);

#endif
