/* pm4/log.c — per-thread error messages; see log.h. */
#include "pm4/log.h"
#include "amdpm4.h"

#include <stdio.h>
#include <string.h>

#define MSG_BYTES 1024

static _Thread_local char last_msg[MSG_BYTES];

int amdpm4_vseterr(int err, const char *fmt, va_list ap)
{
    vsnprintf(last_msg, sizeof(last_msg), fmt, ap);
    return err;
}

int amdpm4_seterr(int err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    amdpm4_vseterr(err, fmt, ap);
    va_end(ap);
    return err;
}

int amdpm4_adderr(int err, const char *fmt, ...)
{
    char old[MSG_BYTES];
    size_t n;
    va_list ap;

    memcpy(old, last_msg, sizeof(old));
    va_start(ap, fmt);
    vsnprintf(last_msg, sizeof(last_msg), fmt, ap);
    va_end(ap);
    n = strlen(last_msg);
    snprintf(last_msg + n, sizeof(last_msg) - n, "%s", old);
    return err;
}

void amdpm4_clearerr(void)
{
    last_msg[0] = '\0';
}

const char *amdpm4_last_error(void)
{
    return last_msg[0] ? last_msg : "no error";
}
