// LAPACKE, the C interface to LAPACK (Debian: liblapacke-dev); used for symmetric eigensolvers.
#include <lapacke.h>
