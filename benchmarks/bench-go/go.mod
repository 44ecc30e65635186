module go4j/benchgo

go 1.19
