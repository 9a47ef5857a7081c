package io.dataplug.spark;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 proxy between S3A and S3Proxy that misbehaves on purpose: it resets the connection of every
 * {@code resetEvery}-th ranged GET before answering, drops the connection of every {@code dropMidBodyEvery}-th
 * ranged GET after relaying the headers and half of the body, answers every {@code slowDownEvery}-th request with
 * 503 SlowDown, and, when
 * {@code denyWrites} is set, answers PUT, POST and DELETE with 403 AccessDenied. Everything else is relayed as is
 * (the Host header too, so request signatures stay valid). Each request gets its own upstream connection.
 * {@code latencyMillis} and {@code bytesPerSecond} make it behave like a distant object store instead: every response
 * waits that long before its first byte, and each connection's body is paced to that rate (benchmarks use it).
 */
public final class FaultProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int upstreamPort;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fault-proxy");
    t.setDaemon(true);
    return t;
  });
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger rangedGets = new AtomicInteger();
  public final AtomicInteger resets = new AtomicInteger();
  public final AtomicInteger midBodyDrops = new AtomicInteger();
  public final AtomicInteger slowDowns = new AtomicInteger();
  public final AtomicInteger denied = new AtomicInteger();
  public volatile int resetEvery;
  public volatile int dropMidBodyEvery;
  public volatile int slowDownEvery;
  public volatile boolean denyWrites;
  public volatile int latencyMillis;
  public volatile long bytesPerSecond;

  public FaultProxy(int upstreamPort) throws IOException {
    this.upstreamPort = upstreamPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    pool.submit(this::acceptLoop);
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        pool.submit(() -> serve(client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = new BufferedInputStream(client.getInputStream());
      OutputStream out = client.getOutputStream();
      while (true) {
        Message request = Message.read(in, false, null, out);
        if (request == null) {
          return;
        }
        int n = requests.incrementAndGet();
        String method = request.startLine.split(" ")[0].toUpperCase(Locale.ROOT);
        boolean write = method.equals("PUT") || method.equals("POST") || method.equals("DELETE");
        if (denyWrites && write) {
          denied.incrementAndGet();
          reply(out, 403, "Forbidden", "AccessDenied", "Access Denied");
          continue;
        }
        int rangedGet = method.equals("GET") && request.header("range") != null ? rangedGets.incrementAndGet() : 0;
        if (rangedGet > 0 && resetEvery > 0 && rangedGet % resetEvery == 0) {
          resets.incrementAndGet();
          client.setSoLinger(true, 0); // close with a TCP RST
          return;
        }
        boolean dropMidBody = rangedGet > 0 && dropMidBodyEvery > 0 && rangedGet % dropMidBodyEvery == 0;
        if (slowDownEvery > 0 && n % slowDownEvery == 0) {
          slowDowns.incrementAndGet();
          reply(out, 503, "Slow Down", "SlowDown", "Please reduce your request rate.");
          continue;
        }
        try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
          upstream.getOutputStream().write(request.bytes);
          upstream.getOutputStream().flush();
          Message response = Message.read(new BufferedInputStream(upstream.getInputStream()), true, method, null);
          if (response == null) {
            return;
          }
          int body = response.bytes.length - response.headLength;
          if (dropMidBody && body > 1) {
            midBodyDrops.incrementAndGet();
            out.write(response.bytes, 0, response.headLength + body / 2);
            out.flush();
            client.setSoLinger(true, 0);
            return;
          }
          relay(out, response);
        }
      }
    } catch (IOException e) {
      // the client went away, or we reset it
    }
  }

  /** Writes a response after the latency, its body paced to {@code bytesPerSecond} when that is set. */
  private void relay(OutputStream out, Message response) throws IOException {
    try {
      if (latencyMillis > 0) {
        Thread.sleep(latencyMillis);
      }
      long rate = bytesPerSecond;
      if (rate <= 0) {
        out.write(response.bytes);
        out.flush();
        return;
      }
      long start = System.nanoTime();
      int piece = 64 << 10;
      for (int at = 0; at < response.bytes.length; at += piece) {
        int n = Math.min(piece, response.bytes.length - at);
        out.write(response.bytes, at, n);
        long due = start + (long) ((at + n) * 1e9 / rate);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      }
      out.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static void reply(OutputStream out, int status, String reason, String code, String message) throws IOException {
    byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message
        + "</Message><RequestId>fault-proxy</RequestId></Error>").getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: application/xml\r\nContent-Length: "
        + body.length + "\r\nx-amz-request-id: fault-proxy\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }

  /** One HTTP/1.1 message, kept as its raw bytes. */
  private static final class Message {
    final String startLine;
    final String headers;
    final byte[] bytes;
    /** Bytes of the start line and headers, before the body. */
    final int headLength;

    Message(String startLine, String headers, byte[] bytes, int headLength) {
      this.startLine = startLine;
      this.headers = headers;
      this.bytes = bytes;
      this.headLength = headLength;
    }

    String header(String name) {
      for (String line : headers.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }

    /**
     * Reads a whole message. A request that expects "100 Continue" gets it on {@code continueOut} before its body is
     * read; interim 1xx responses from upstream are dropped (the client already got its 100 Continue).
     */
    static Message read(InputStream in, boolean response, String requestMethod, OutputStream continueOut)
        throws IOException {
      ByteArrayOutputStream raw;
      String startLine;
      StringBuilder headers;
      do {
        raw = new ByteArrayOutputStream();
        startLine = readLine(in, raw);
        if (startLine == null) {
          return null;
        }
        headers = new StringBuilder();
        String line;
        while ((line = readLine(in, raw)) != null && !line.isEmpty()) {
          headers.append(line).append("\r\n");
        }
      } while (response && startLine.startsWith("HTTP/1.1 1"));
      Message head = new Message(startLine, headers.toString(), null, 0);
      int headLength = raw.size();
      if (!response && continueOut != null && "100-continue".equalsIgnoreCase(head.header("expect"))) {
        continueOut.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        continueOut.flush();
      }
      String length = head.header("content-length");
      String encoding = head.header("transfer-encoding");
      boolean noBody = response && ("HEAD".equals(requestMethod) || startLine.contains(" 204 ") || startLine.contains(" 304 "));
      if (noBody) {
        // nothing follows
      } else if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
        while (true) {
          String size = readLine(in, raw);
          int chunk = Integer.parseInt(size.split(";")[0].trim(), 16);
          copy(in, raw, chunk);
          if (chunk == 0) {
            String trailer;
            while ((trailer = readLine(in, raw)) != null && !trailer.isEmpty()) {
              // trailers are relayed as read
            }
            break;
          }
          readLine(in, raw);
        }
      } else if (length != null) {
        copy(in, raw, Long.parseLong(length));
      } else if (response) {
        in.transferTo(raw);
      }
      return new Message(startLine, head.headers, raw.toByteArray(), headLength);
    }

    private static void copy(InputStream in, ByteArrayOutputStream raw, long n) throws IOException {
      byte[] buf = new byte[65536];
      while (n > 0) {
        int k = in.read(buf, 0, (int) Math.min(buf.length, n));
        if (k < 0) {
          throw new IOException("message body ends early");
        }
        raw.write(buf, 0, k);
        n -= k;
      }
    }

    private static String readLine(InputStream in, ByteArrayOutputStream raw) throws IOException {
      StringBuilder line = new StringBuilder();
      int b;
      while ((b = in.read()) >= 0) {
        raw.write(b);
        if (b == '\n') {
          int end = line.length();
          return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
        }
        line.append((char) b);
      }
      return line.length() == 0 ? null : line.toString();
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    pool.shutdownNow();
  }
}
