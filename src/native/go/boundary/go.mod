module boundaryanalyzers.dev/boundary

go 1.21
