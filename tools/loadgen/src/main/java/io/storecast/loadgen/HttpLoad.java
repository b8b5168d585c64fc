package io.storecast.loadgen;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The benchmark's HTTP load driver: one endpoint, {@code connections} keep-alive HTTP/1.1 connections, latencies in
 * an HdrHistogram, the warm-up left out of every figure.
 *
 * <p>With {@code --rate} it is open loop: request {@code k} is due at {@code k / rate} seconds whatever the answers
 * before it did, and its latency is counted from when it was due, not from when a busy connection got round to
 * sending it (no coordinated omission), so a service slower than the offered rate shows as latency, not as a
 * politely lower rate. Without {@code --rate} it is closed loop, each connection sending as soon as it has its answer:
 * the most the endpoint serves. Bodies may carry {@code {n}}, replaced by a number unique in the run (a new customer
 * per request); {@code --body2} is sent instead every {@code --every}-th request.
 *
 * <pre>java -cp storecast-loadgen-exec.jar -Dloader.main=io.storecast.loadgen.HttpLoad \
 *     org.springframework.boot.loader.launch.PropertiesLauncher --url=http://127.0.0.1:8081/l/abc --expect=302 \
 *     --rate=5000 --seconds=20 --warmup=10 --connections=32</pre>
 *
 * It prints one line of JSON: the offered rate, the rate answered within the measured seconds, the latency
 * percentiles in milliseconds of the requests due in them, and their answers by status.
 */
public final class HttpLoad {

    record Settings(URI url, String method, String body, String body2, int every, int expect, double rate,
                    int seconds, int warmup, int connections, String run) {
    }

    private HttpLoad() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                System.err.println("arguments are --name=value, not " + arg);
                System.exit(2);
            }
            a.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        if (!a.containsKey("url")) {
            System.err.println("usage: HttpLoad --url=... [--method=GET] [--body=...] [--body2=... --every=10] "
                    + "[--expect=200] [--rate=0 (closed loop)] [--seconds=20] [--warmup=10] [--connections=16]");
            System.exit(2);
        }
        Settings s = new Settings(URI.create(a.get("url")), a.getOrDefault("method", a.containsKey("body") ? "POST"
                : "GET"), a.get("body"), a.get("body2"), Integer.parseInt(a.getOrDefault("every", "10")),
                Integer.parseInt(a.getOrDefault("expect", "200")), Double.parseDouble(a.getOrDefault("rate", "0")),
                Integer.parseInt(a.getOrDefault("seconds", "20")), Integer.parseInt(a.getOrDefault("warmup", "10")),
                Integer.parseInt(a.getOrDefault("connections", "16")),
                Long.toString(System.currentTimeMillis() % 100_000_000L, 36));
        System.out.println(run(s));
    }

    static String run(Settings s) throws InterruptedException {
        AtomicLong sequence = new AtomicLong();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        long measureFrom = start + TimeUnit.SECONDS.toNanos(s.warmup());
        long end = measureFrom + TimeUnit.SECONDS.toNanos(s.seconds());
        List<Worker> workers = new ArrayList<>();
        for (int c = 0; c < s.connections(); c++) {
            workers.add(new Worker(s, c, sequence, start, measureFrom, end));
        }
        // a virtual thread per connection: many connections cost no more than few, so one slow answer holds up
        // only the requests of its own connection, as with real customers each on their own
        List<Thread> threads = workers.stream().map(w -> Thread.ofVirtual().name("http-load-" + w.index)
                .start(w)).toList();
        for (Thread t : threads) {
            t.join();
        }
        Histogram all = new Histogram(TimeUnit.MINUTES.toMicros(2), 3);
        Map<String, Long> statuses = new TreeMap<>();
        long errors = 0;
        long completed = 0;
        for (Worker w : workers) {
            completed += w.completedInWindow;
            all.add(w.histogram);
            w.statuses.forEach((k, v) -> statuses.merge(k, v, Long::sum));
            errors += w.errors;
        }
        long answered = all.getTotalCount();
        long expected = statuses.getOrDefault(Integer.toString(s.expect()), 0L);
        return String.format(Locale.ROOT, "{\"url\":\"%s\",\"mode\":\"%s\",\"offered_per_s\":%.0f,"
                        + "\"connections\":%d,\"warmup_s\":%d,\"seconds\":%d,\"answered\":%d,\"achieved_per_s\":%.1f,"
                        + "\"expected_status\":%d,\"expected_answers\":%d,\"io_errors\":%d,\"p50_ms\":%.3f,"
                        + "\"p90_ms\":%.3f,\"p99_ms\":%.3f,\"p999_ms\":%.3f,\"max_ms\":%.3f,\"statuses\":%s}",
                s.url().getPath(), s.rate() > 0 ? "open" : "closed", s.rate(), s.connections(), s.warmup(),
                s.seconds(), answered, completed / (double) s.seconds(), s.expect(), expected, errors,
                ms(all, 50), ms(all, 90), ms(all, 99), ms(all, 99.9), all.getMaxValue() / 1e3,
                statuses.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                        .reduce((x, y) -> x + "," + y).map(x -> "{" + x + "}").orElse("{}"));
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1e3;
    }

    /** One connection: sends its share of the schedule (every {@code connections}-th due time) and reads answers. */
    private static final class Worker implements Runnable {
        final Settings s;
        final int index;
        final AtomicLong sequence;
        final long start, measureFrom, end;
        final Histogram histogram = new Histogram(TimeUnit.MINUTES.toMicros(2), 3);
        final Map<String, Long> statuses = new TreeMap<>();
        long errors;
        long completedInWindow;
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private final byte[] buf = new byte[16_384];
        private int pos, lim;

        Worker(Settings s, int index, AtomicLong sequence, long start, long measureFrom, long end) {
            this.s = s;
            this.index = index;
            this.sequence = sequence;
            this.start = start;
            this.measureFrom = measureFrom;
            this.end = end;
        }

        @Override
        public void run() {
            double interval = s.rate() > 0 ? 1e9 * s.connections() / s.rate() : 0;
            long offset = s.rate() > 0 ? (long) (1e9 * index / s.rate()) : 0;
            for (long k = 0; ; k++) {
                long due = s.rate() > 0 ? start + offset + (long) (k * interval) : Math.max(start, System.nanoTime());
                if (due >= end) {
                    break;
                }
                if (due < measureFrom && System.nanoTime() >= measureFrom) {
                    continue;       // a warm-up that fell behind leaves no backlog in the measured window
                }
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                long n = sequence.incrementAndGet();
                try {
                    int status = exchange(request(n));
                    long done = System.nanoTime();
                    if (done >= measureFrom && done <= end) {
                        completedInWindow++;
                    }
                    if (due >= measureFrom && done <= end + TimeUnit.SECONDS.toNanos(60)) {
                        histogram.recordValue(Math.min(histogram.getHighestTrackableValue(), (done - due) / 1_000));
                        statuses.merge(Integer.toString(status), 1L, Long::sum);
                    }
                } catch (IOException e) {
                    if (due >= measureFrom) {
                        errors++;
                    }
                    close();
                }
            }
            close();
        }

        private byte[] request(long n) {
            String body = s.body2() != null && n % s.every() == 0 ? s.body2() : s.body();
            String path = s.url().getRawPath() + (s.url().getRawQuery() == null ? "" : "?" + s.url().getRawQuery());
            StringBuilder r = new StringBuilder(256).append(s.method()).append(' ').append(path)
                    .append(" HTTP/1.1\r\nHost: ").append(s.url().getHost()).append(':').append(s.url().getPort())
                    .append("\r\nUser-Agent: storecast-httpload\r\nAccept: */*\r\n");
            byte[] payload = null;
            if (body != null) {
                payload = body.replace("{n}", s.run() + "-" + n).getBytes(StandardCharsets.UTF_8);
                r.append("Content-Type: application/json\r\nContent-Length: ").append(payload.length).append("\r\n");
            }
            byte[] head = r.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
            if (payload == null) {
                return head;
            }
            byte[] all = new byte[head.length + payload.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(payload, 0, all, head.length, payload.length);
            return all;
        }

        /** Sends one request and reads its whole answer; returns the status. */
        private int exchange(byte[] request) throws IOException {
            if (socket == null) {
                socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(s.url().getHost(), s.url().getPort()), 5_000);
                socket.setSoTimeout(60_000);
                in = socket.getInputStream();
                out = socket.getOutputStream();
                pos = lim = 0;
            }
            out.write(request);
            out.flush();
            String statusLine = line();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean closeAfter = false;
            for (String h = line(); !h.isEmpty(); h = line()) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    closeAfter = true;
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                     size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                    skip(size);
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
            } else if (length > 0) {
                skip(length);
            }
            if (closeAfter) {
                close();
            }
            return status;
        }

        /** The next line of the answer (ASCII, without its CR LF), read from the connection's own buffer. */
        private String line() throws IOException {
            StringBuilder b = null;
            while (true) {
                for (int i = pos; i < lim; i++) {
                    if (buf[i] == '\n') {
                        int len = i > pos && buf[i - 1] == '\r' ? i - 1 - pos : i - pos;
                        String part = new String(buf, pos, Math.max(0, len), StandardCharsets.ISO_8859_1);
                        pos = i + 1;
                        return b == null ? part : b.append(part).toString().replace("\r", "");
                    }
                }
                if (b == null) {
                    b = new StringBuilder(128);
                }
                b.append(new String(buf, pos, lim - pos, StandardCharsets.ISO_8859_1));
                fill();
            }
        }

        private void skip(long n) throws IOException {
            while (n > 0) {
                if (pos == lim) {
                    fill();
                }
                int step = (int) Math.min(n, lim - pos);
                pos += step;
                n -= step;
            }
        }

        private void fill() throws IOException {
            pos = 0;
            lim = in.read(buf, 0, buf.length);
            if (lim < 0) {
                lim = 0;
                throw new IOException("connection closed mid-answer");
            }
        }

        private void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a broken connection; the next request opens a new one
                }
                socket = null;
            }
        }
    }
}
