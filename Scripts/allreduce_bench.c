// The allreduce microbenchmark of docs/scaling.md: mpicc -O2 -o /tmp/ar Scripts/allreduce_bench.c &&
// mpirun -np 2 --mca btl self,vader /tmp/ar [floats]   (default: the G + D gradients of acgan64)
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    int rank; MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    int n = argc > 1 ? atoi(argv[1]) : 5740806;
    float *b = malloc(sizeof(float) * n);
    for (int i = 0; i < n; i++) b[i] = i;
    for (int w = 0; w < 3; w++) MPI_Allreduce(MPI_IN_PLACE, b, n, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
    double total = 0;
    for (int r = 0; r < 10; r++) {
        MPI_Barrier(MPI_COMM_WORLD);
        double t = MPI_Wtime();
        MPI_Allreduce(MPI_IN_PLACE, b, n, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
        total += MPI_Wtime() - t;
    }
    if (rank == 0) printf("%d floats (%.2f MB): %.2f ms per allreduce\n", n, n * 4 / 1e6, total / 10 * 1000);
    MPI_Finalize();
}
