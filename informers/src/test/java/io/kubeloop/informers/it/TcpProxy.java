package io.kubeloop.informers.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of the API server, so a test can cut every connection (as a network
 * failure would) or refuse new ones for a while. TLS passes through untouched.
 */
final class TcpProxy implements AutoCloseable {

  private final ServerSocket listener;
  private final int targetPort;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  // accept and drop exclude each other: every counted connection is in sockets until dropped
  private final java.util.concurrent.locks.ReentrantLock lock =
      new java.util.concurrent.locks.ReentrantLock();
  private volatile boolean paused;
  private volatile boolean closed;

  TcpProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().name("proxy accept").start(this::acceptLoop);
  }

  int port() {
    return listener.getLocalPort();
  }

  String url() {
    return "https://127.0.0.1:" + port();
  }

  int accepted() {
    return accepted.get();
  }

  /** Closes every open connection; new ones are accepted as before. */
  void dropAll() {
    lock.lock();
    try {
      for (Socket s : sockets) {
        closeQuietly(s);
      }
      sockets.clear();
    } finally {
      lock.unlock();
    }
  }

  /** Drops every connection and refuses new ones until {@link #resume()}. */
  void pause() {
    paused = true;
    dropAll();
  }

  void resume() {
    paused = false;
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        lock.lock();
        try {
          accepted.incrementAndGet();
          if (paused) {
            closeQuietly(client);
            continue;
          }
          sockets.add(client);
        } finally {
          lock.unlock();
        }
        Socket server;
        try {
          server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        } catch (IOException e) {
          closeQuietly(client);
          continue;
        }
        lock.lock();
        try {
          if (!sockets.contains(client)) {
            // dropped while connecting upstream
            closeQuietly(server);
            continue;
          }
          sockets.add(server);
        } finally {
          lock.unlock();
        }
        Thread.ofVirtual().start(() -> pump(client, server));
        Thread.ofVirtual().start(() -> pump(server, client));
      } catch (IOException e) {
        // the target is down or the listener closed: the client sees a closed connection
      }
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // connection cut
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      sockets.remove(from);
      sockets.remove(to);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    listener.close();
    dropAll();
  }
}
