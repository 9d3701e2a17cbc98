package io.drover.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Times contenders side by side: one unmeasured round of each to warm up, then {@code rounds}
 * rounds in which every contender runs once, each round starting with another one, so drift on the
 * machine spreads over all of them. Prints one line per round and returns each contender's median.
 */
final class InterleavedRounds {
    private InterleavedRounds() {}

    /** One timed run: returns the seconds it took; round 0 is the warm-up. */
    interface Run {
        double seconds(int round) throws Exception;
    }

    /** A contender, named as the round lines print it. */
    record Contender(String label, Run run) {}

    /** The median seconds of each contender, in the order given. */
    static double[] medians(int rounds, List<Contender> contenders) throws Exception {
        int n = contenders.size();
        for (Contender c : contenders) c.run().seconds(0);
        List<List<Double>> times = new ArrayList<>();
        for (int i = 0; i < n; i++) times.add(new ArrayList<>());
        for (int round = 1; round <= rounds; round++) {
            double[] t = new double[n];
            for (int k = 0; k < n; k++) {
                int which = (round + k) % n;
                t[which] = contenders.get(which).run().seconds(round);
            }
            StringBuilder line = new StringBuilder("round " + round + ":");
            for (int i = 0; i < n; i++) {
                times.get(i).add(t[i]);
                line.append(i == 0 ? " " : ", ").append(contenders.get(i).label()).append(String.format(Locale.ROOT, " %.2f s", t[i]));
            }
            System.out.println(line);
        }
        double[] medians = new double[n];
        for (int i = 0; i < n; i++) medians[i] = median(times.get(i));
        return medians;
    }

    /** The median of the values. */
    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
