// OpenBLAS's CBLAS interface (Debian: libopenblas-dev) and its thread control.
#include <cblas.h>

// OpenBLAS's run-time kernel choice (Debian builds it with DYNAMIC_ARCH): at load it names
// the CPU from a table of models and picks that core's kernels, or the generic SSE3
// ("Prescott") ones for a model it does not know. These exported functions redo the choice
// after OPENBLAS_CORETYPE is set (see Kernels.BLASKernels); call them before any BLAS work.
void gotoblas_dynamic_init(void);
void gotoblas_dynamic_quit(void);
