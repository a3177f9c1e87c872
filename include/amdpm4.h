/*
 * amdpm4.h — the public API of amdpm4, a runtime that drives AMD RDNA3
 * (gfx11) GPUs by writing PM4 packets itself and submitting them through
 * libdrm_amdgpu.  This is the only header a user includes.
 *
 * Conventions
 *   - Every function that can fail returns 0 or a negative errno and leaves a
 *     one-line, human-readable message for the calling thread, read with
 *     amdpm4_last_error().
 *   - Names say units: _dw (dwords), _bytes, _va (GPU virtual address), _ns.
 *   - Handles are opaque and used through pointers.
 */
#ifndef AMDPM4_H
#define AMDPM4_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The message left by the last failing call on this thread ("no error" if
 * none).  The string is owned by the library and valid until the thread's
 * next failing call. */
const char *amdpm4_last_error(void);

#ifdef __cplusplus
}
#endif

#endif /* AMDPM4_H */
