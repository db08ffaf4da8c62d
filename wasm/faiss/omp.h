/* OpenMP as seen by FAISS in the browser build: exactly one thread.
 *
 * The engine runs inside one Web Worker without SharedArrayBuffer, so FAISS is compiled without
 * -fopenmp (its `#pragma omp` lines are ignored) and these functions answer as a single-threaded
 * OpenMP runtime would. Only the functions FAISS 1.7.3 calls are provided; locks never contend
 * because there is nobody to contend with.
 */
#ifndef MOVIEREC_WASM_OMP_H
#define MOVIEREC_WASM_OMP_H

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    int held;
} omp_lock_t;

static inline int omp_get_max_threads(void) { return 1; }
static inline int omp_get_num_threads(void) { return 1; }
static inline int omp_get_thread_num(void) { return 0; }
static inline int omp_in_parallel(void) { return 0; }
static inline int omp_get_nested(void) { return 0; }
static inline void omp_set_nested(int nested) { (void)nested; }
static inline void omp_set_num_threads(int threads) { (void)threads; }

static inline void omp_init_lock(omp_lock_t* lock) { lock->held = 0; }
static inline void omp_destroy_lock(omp_lock_t* lock) { lock->held = 0; }
static inline void omp_set_lock(omp_lock_t* lock) { lock->held = 1; }
static inline void omp_unset_lock(omp_lock_t* lock) { lock->held = 0; }

#ifdef __cplusplus
}
#endif

#endif /* MOVIEREC_WASM_OMP_H */
