// vkref/shaders/matmul.glsl — C[M,N] = A[M,K]·B[K,N], row-major, fp32
// accumulation; included by matmul_*.comp, which define how elements are
// loaded and stored:
//   TILE_T, TILE_V4   element and 4-vector type of the shared-memory tiles
//                     (float/vec4, or float16_t/f16vec4)
//   LOAD_A(i) LOAD_B(i)  element i of A / B as TILE_T
//   STORE_C(i, v)     write float v to element i of C
//
// Block tile BM×BN = 128×128, K step BK = 8, 256 invocations as 16×16
// (tx, ty); each owns 8×8 outputs: rows ty·4 + 64·i + (0..3) and columns
// tx·4 + 64·j + (0..3), i, j in {0, 1}, so every K step reads its operands
// as four 4-wide vectors from shared memory (4 vector loads per 64 FMAs)
// and C is written in runs of 4 consecutive columns.  The A tile is stored
// transposed (As[k][m]) so both operands are read along a row; a padding
// vector per row spreads the transposed stores over the banks.  The next
// K step's global loads go to registers before the current step's FMAs
// (register prefetch).  Edges load zeros and skip stores outside M×N, so
// every size is correct.

layout(local_size_x = 256) in;
layout(push_constant) uniform Push { uint M, N, K; } pc;

const uint BM = 128, BN = 128, BK = 8;

shared TILE_V4 As[BK][BM / 4 + 1];
shared TILE_V4 Bs[BK][BN / 4 + 1];

void main()
{
    const uint lid = gl_LocalInvocationID.x;
    const uint tx = lid % 16, ty = lid / 16;
    const uint row0 = gl_WorkGroupID.y * BM, col0 = gl_WorkGroupID.x * BN;
    TILE_T ra[4], rb[4];
    vec4 acc[8][2];     // acc[row][j]: columns tx·4 + 64·j + (0..3)

    for (uint i = 0; i < 8; i++)
        for (uint j = 0; j < 2; j++)
            acc[i][j] = vec4(0.0);

    // Element e = lid + 256·q of a tile: A as (e / BK, e % BK), B as (e / BN, e % BN).
    for (uint q = 0; q < 4; q++) {
        uint e = lid + 256 * q;
        uint ar = row0 + e / BK, ak = e % BK;
        uint bk = e / BN, bc = col0 + e % BN;
        ra[q] = (ar < pc.M && ak < pc.K) ? LOAD_A(ar * pc.K + ak) : TILE_T(0);
        rb[q] = (bk < pc.K && bc < pc.N) ? LOAD_B(bk * pc.N + bc) : TILE_T(0);
    }

    for (uint k0 = 0; k0 < pc.K; k0 += BK) {
        barrier();      // every invocation is done reading the previous tiles
        for (uint q = 0; q < 4; q++) {
            uint e = lid + 256 * q;
            uint am = e / BK, bn = e % BN;
            As[e % BK][am / 4][am % 4] = ra[q];
            Bs[e / BN][bn / 4][bn % 4] = rb[q];
        }
        barrier();
        if (k0 + BK < pc.K) {
            for (uint q = 0; q < 4; q++) {
                uint e = lid + 256 * q;
                uint ar = row0 + e / BK, ak = k0 + BK + e % BK;
                uint bk = k0 + BK + e / BN, bc = col0 + e % BN;
                ra[q] = (ar < pc.M && ak < pc.K) ? LOAD_A(ar * pc.K + ak) : TILE_T(0);
                rb[q] = (bk < pc.K && bc < pc.N) ? LOAD_B(bk * pc.N + bc) : TILE_T(0);
            }
        }
        for (uint kk = 0; kk < BK; kk++) {
            vec4 a0 = vec4(As[kk][ty]), a1 = vec4(As[kk][ty + 16]);
            vec4 b0 = vec4(Bs[kk][tx]), b1 = vec4(Bs[kk][tx + 16]);
            float a[8] = float[8](a0.x, a0.y, a0.z, a0.w, a1.x, a1.y, a1.z, a1.w);
            for (uint i = 0; i < 8; i++) {
                acc[i][0] = fma(vec4(a[i]), b0, acc[i][0]);
                acc[i][1] = fma(vec4(a[i]), b1, acc[i][1]);
            }
        }
    }

    for (uint i = 0; i < 8; i++) {
        uint r = row0 + ty * 4 + 64 * (i / 4) + i % 4;
        if (r >= pc.M)
            continue;
        for (uint j = 0; j < 2; j++)
            for (uint c = 0; c < 4; c++) {
                uint col = col0 + tx * 4 + 64 * j + c;
                if (col < pc.N)
                    STORE_C(r * pc.N + col, acc[i][j][c]);
            }
    }
}
