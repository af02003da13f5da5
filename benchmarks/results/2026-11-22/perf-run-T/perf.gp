cd 'benchmarks/results/2026-11-22/perf-run-T'
set terminal pngcairo size 1400,1000 noenhanced font 'sans,11'
set output 'perf.png'
set datafile separator '\t'
set datafile missing 'NaN'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set grid ytics
set yrange [0:*]
set key outside right top
set xtics rotate by -25
set multiplot layout 2,1 title "Ferry vs coturn vs raw forwarder, 2026-11-22, commit 38d99b5, 2 CPUs, median of 2 rounds"
set ylabel 'relayed packets/s (higher is better)'
set title 'Throughput (flood: window 16 per allocation; paced: 50 pkt/s per allocation)'
plot 'perf.dat' using 2:xtic(1) title 'coturn', 'perf.dat' using 3 title 'ferry-epoll', 'perf.dat' using 4 title 'forwarder'
set ylabel 'server CPU us per relayed packet (lower is better)'
set title 'Server CPU per relayed packet'
plot 'perf.dat' using 5:xtic(1) title 'coturn', 'perf.dat' using 6 title 'ferry-epoll', 'perf.dat' using 7 title 'forwarder'
unset multiplot
