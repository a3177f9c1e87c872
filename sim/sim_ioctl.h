/*
 * sim/sim_ioctl.h — the simulated gfx1100's one driver-private ioctl: what
 * the library may ask the simulator beyond the amdgpu interface (a
 * submission's fault report and per-dispatch statistics).
 *
 * It sits at a DRM command index amdgpu does not use (Linux 6.1 amdgpu has
 * 0x00..0x14): a real amdgpu answers it -EINVAL (drm_ioctl: nr - 
 * DRM_COMMAND_BASE >= num_ioctls), which the library reads as "not the
 * simulated device".  Plain data only: the library includes this header.
 */
#ifndef AMDPM4_SIM_SIM_IOCTL_H
#define AMDPM4_SIM_SIM_IOCTL_H

#include <stdint.h>

/* The command index (request DRM_IOWR(DRM_COMMAND_BASE + this, struct)). */
#define SIM_DRM_AMDPM4_QUERY 0x5Fu

enum sim_query_status {
    SIM_QUERY_UNKNOWN = 0,     /* no longer held (retired long ago) */
    SIM_QUERY_PENDING,         /* queued or running */
    SIM_QUERY_DONE,            /* finished */
    SIM_QUERY_FAILED,          /* stopped by a fault or hang, or cancelled */
};

struct drm_amdpm4_sim_query {
    /* in: the submission, named as for AMDGPU_WAIT_CS */
    uint32_t ctx_id, ip_type, ip_instance, ring;
    uint64_t seq;
    uint64_t stats_ptr;        /* user array of stats_max records of stats_bytes, or 0 */
    uint32_t stats_max;
    uint32_t stats_bytes;      /* sizeof(struct sim_dispatch_stats) the caller knows */
    /* out */
    uint32_t status;           /* enum sim_query_status */
    uint32_t dispatches;       /* dispatches the submission ran */
    uint32_t stats_written;    /* records written to stats_ptr */
    uint32_t fault_kind;       /* enum sim_fault_kind of its fault, 0 if none */
    uint64_t fault_va, fault_pc_va;
    char fault_msg[512];       /* the fault's one-line report, "" if none */
};

#endif
