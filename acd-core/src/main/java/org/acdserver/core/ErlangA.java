package org.acdserver.core;

import java.util.Arrays;

/**
 * Erlang A (M/M/n+M, the Palm model): Erlang C with callers who give up. Calls arrive at random at rate
 * {@code lambda}, {@code n} agents handle them in exponential times of mean {@code handle}, and a waiting caller
 * hangs up after an exponential patience of mean {@code patience}. Unlike Erlang C, the line never grows without
 * bound: impatience bounds it, so the model answers for any number of agents, and it does not overstate the staff
 * needed where many callers abandon.
 *
 * <p>Stationary state: with {@code A = lambda x handle}, the probability of {@code j <= n} calls in the system is
 * proportional to {@code A^j / j!}; above {@code n}, each further waiting call multiplies it by
 * {@code lambda / (n/handle + k/patience)}. The sum up to {@code n} comes from the Erlang B recurrence (as in
 * {@link ErlangC}), the tail is summed until its terms vanish.
 *
 * <p>Service level: a call that finds {@code k} calls waiting is served after {@code k + 1} steps, the step with
 * {@code m} calls ahead ending at rate {@code n/handle + m/patience} (a service completion or an abandon ahead of it),
 * while it abandons itself at rate {@code 1/patience}. Every step therefore lasts an exponential time of rate
 * {@code n/handle + (m+1)/patience} whatever ends it. The probability of being served within {@code t} is computed for
 * all starting places at once by uniformization of that chain, weighting each place by the probability that an
 * arrival finds it (Poisson arrivals see time averages).
 */
public final class ErlangA {

    /** Tail terms below this share of the total are dropped. */
    private static final double NEGLIGIBLE = 1e-14;
    /** Waiting places considered at most, whatever the parameters. */
    private static final int MAX_WAITING = 200_000;

    private final int agents;
    private final double lambda;
    private final double mu;
    private final double theta;
    /** Probability that an arrival finds {@code n + k} calls in the system, for each {@code k >= 0}. */
    private final double[] waitingPlace;
    /** Probability that an arrival finds a free agent. */
    private final double immediate;

    /**
     * @param agents          agents handling calls ({@code >= 1})
     * @param callsPerSecond  arrival rate
     * @param handleSeconds   mean handle time
     * @param patienceSeconds mean patience of a waiting caller ({@code > 0})
     */
    public ErlangA(int agents, double callsPerSecond, double handleSeconds, double patienceSeconds) {
        if (agents < 1 || callsPerSecond < 0 || handleSeconds <= 0 || patienceSeconds <= 0) {
            throw new IllegalArgumentException("Erlang A needs at least one agent, a rate >= 0 and handle time and"
                    + " patience > 0: " + agents + ", " + callsPerSecond + ", " + handleSeconds + ", "
                    + patienceSeconds);
        }
        this.agents = agents;
        this.lambda = callsPerSecond;
        this.mu = 1 / handleSeconds;
        this.theta = 1 / patienceSeconds;
        double traffic = lambda / mu;
        // Relative to the probability of exactly n in the system: the states below n sum to 1/B - 1.
        double erlangB = 1.0;
        for (int k = 1; k <= agents; k++) {
            erlangB = traffic * erlangB / (k + traffic * erlangB);
        }
        double below = traffic == 0 ? Double.POSITIVE_INFINITY : 1 / erlangB - 1;
        double[] tail = new double[64];
        tail[0] = 1;
        double tailSum = 1;
        int k = 0;
        while (k + 1 < MAX_WAITING) {
            double next = tail[k] * lambda / (agents * mu + (k + 1) * theta);
            boolean falling = lambda < agents * mu + (k + 1) * theta;
            if (falling && next < NEGLIGIBLE * (tailSum + (Double.isInfinite(below) ? 0 : below))) {
                break;
            }
            k++;
            if (k == tail.length) {
                tail = Arrays.copyOf(tail, tail.length * 2);
            }
            tail[k] = next;
            tailSum += next;
        }
        double total = below + tailSum;
        this.waitingPlace = new double[k + 1];
        if (Double.isInfinite(total)) {
            this.immediate = 1;
        } else {
            for (int i = 0; i <= k; i++) {
                waitingPlace[i] = tail[i] / total;
            }
            this.immediate = below / total;
        }
    }

    /** Probability that a call waits (finds every agent busy). */
    public double probabilityOfWaiting() {
        return 1 - immediate;
    }

    /** Probability that a call abandons: the abandon rate over the arrival rate. */
    public double probabilityOfAbandoning() {
        if (lambda == 0) {
            return 0;
        }
        double waiting = 0;
        for (int k = 0; k < waitingPlace.length; k++) {
            waiting += k * waitingPlace[k];
        }
        // Calls waiting in the system (k beyond the n busy agents), each abandoning at rate theta; as a share of
        // arrivals. The place probabilities are time averages, which Poisson arrivals also see.
        return theta * waiting / lambda;
    }

    /**
     * Share of all calls (abandoned ones included) answered within {@code seconds}: the service level that counts
     * abandons against the target.
     */
    public double serviceLevel(double seconds) {
        double served = immediate;
        if (seconds <= 0 || waitingPlace.length == 0) {
            return served;
        }
        int places = waitingPlace.length;
        // Uniformization: the fastest step sets the rate; each step of the discrete chain goes one place forward
        // (rate n*mu + m*theta), abandons (theta), or stays.
        double uniform = agents * mu + places * theta;
        double[] p = waitingPlace.clone();
        double servedMass = 0;
        double lt = uniform * seconds;
        // Poisson weights computed iteratively in log space, up to far past the mean.
        int maxSteps = (int) Math.ceil(lt + 12 * Math.sqrt(lt + 1) + 20);
        double logWeight = -lt;
        double within = 0;
        for (int step = 0; step <= maxSteps; step++) {
            if (step > 0) {
                logWeight += Math.log(lt / step);
                double[] next = new double[places];
                double justServed = 0;
                for (int m = 0; m < places; m++) {
                    double mass = p[m];
                    if (mass == 0) {
                        continue;
                    }
                    double forward = (agents * mu + m * theta) / uniform;
                    double abandon = theta / uniform;
                    if (m == 0) {
                        justServed += mass * forward;
                    } else {
                        next[m - 1] += mass * forward;
                    }
                    next[m] += mass * (1 - forward - abandon);
                }
                servedMass += justServed;
                p = next;
            }
            // P(served by t) = sum over steps of P(N(t) = step) x P(served within that many steps).
            within += Math.exp(logWeight) * servedMass;
        }
        // The Poisson weights beyond maxSteps carry (almost) no mass; what they would add is at most servedMass.
        return served + within;
    }
}
