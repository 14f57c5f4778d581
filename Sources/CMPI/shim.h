// OpenMPI's C API (Debian: libopenmpi-dev), and functions for the handles Swift cannot
// import: MPI_COMM_WORLD, MPI_FLOAT, MPI_SUM and friends are macros that take the address of
// a library global (`&ompi_mpi_comm_world`), and MPI_IN_PLACE is a cast.
#include <mpi.h>

static inline MPI_Comm acgan_mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype acgan_mpi_float(void) { return MPI_FLOAT; }
static inline MPI_Datatype acgan_mpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Datatype acgan_mpi_byte(void) { return MPI_BYTE; }
static inline MPI_Op acgan_mpi_sum(void) { return MPI_SUM; }
static inline MPI_Op acgan_mpi_max(void) { return MPI_MAX; }
static inline void *acgan_mpi_in_place(void) { return MPI_IN_PLACE; }
static inline int acgan_mpi_success(void) { return MPI_SUCCESS; }
static inline int acgan_mpi_thread_funneled(void) { return MPI_THREAD_FUNNELED; }
