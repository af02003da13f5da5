package dev.ferry.interop.browser;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One Chrome DevTools Protocol connection to a page target over the JDK's own WebSocket client, so
 * that driving the browser needs neither Selenium nor a driver download.
 */
public final class DevToolsSession implements AutoCloseable {

  private final AtomicInteger nextId = new AtomicInteger(1);
  private final Map<Integer, CompletableFuture<JsonObject>> pendingCalls =
      new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<JsonObject>> awaitedEvents =
      new ConcurrentHashMap<>();
  private final Consumer<JsonObject> eventSink;
  private volatile WebSocket socket;

  private DevToolsSession(Consumer<JsonObject> eventSink) {
    this.eventSink = eventSink;
  }

  /** Connects to a target's {@code webSocketDebuggerUrl}; every event also goes to the sink. */
  public static DevToolsSession connect(
      HttpClient http, URI webSocketUrl, Consumer<JsonObject> eventSink, Duration deadline) {
    DevToolsSession session = new DevToolsSession(eventSink);
    session.socket =
        await(
            http.newWebSocketBuilder()
                .connectTimeout(deadline)
                .buildAsync(webSocketUrl, session.new Listener()),
            deadline,
            "connect to " + webSocketUrl);
    return session;
  }

  /** Sends one command and returns its {@code result}; a protocol error becomes an exception. */
  public JsonObject call(String method, JsonObject params, Duration deadline) {
    int id = nextId.getAndIncrement();
    CompletableFuture<JsonObject> response = new CompletableFuture<>();
    pendingCalls.put(id, response);
    JsonObject command = new JsonObject();
    command.addProperty("id", id);
    command.addProperty("method", method);
    command.add("params", params);
    try {
      synchronized (this) {
        // WebSocket allows one outstanding send; commands are small, so waiting is cheap.
        await(socket.sendText(command.toString(), true), deadline, "send " + method);
      }
      JsonObject message = await(response, deadline, method);
      if (message.has("error")) {
        throw new IllegalStateException(method + " failed: " + message.get("error"));
      }
      return message.getAsJsonObject("result");
    } finally {
      pendingCalls.remove(id);
    }
  }

  /**
   * Registers interest in the next event called {@code method}; call before the command that causes
   * it, so that it cannot slip by in between.
   */
  public CompletableFuture<JsonObject> nextEvent(String method) {
    return awaitedEvents.computeIfAbsent(method, name -> new CompletableFuture<>());
  }

  /**
   * Evaluates a JavaScript expression in the page, waits for the promise it yields and returns the
   * resulting string; a thrown exception or a non-string result fails with the browser's message.
   */
  public String evaluateToString(String expression, Duration deadline) {
    JsonObject params = new JsonObject();
    params.addProperty("expression", expression);
    params.addProperty("awaitPromise", true);
    params.addProperty("returnByValue", true);
    JsonObject result = call("Runtime.evaluate", params, deadline);
    if (result.has("exceptionDetails")) {
      throw new IllegalStateException("page threw: " + result.get("exceptionDetails"));
    }
    JsonElement value = result.getAsJsonObject("result").get("value");
    if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
      throw new IllegalStateException("expected a string from the page, got " + result);
    }
    return value.getAsString();
  }

  @Override
  public void close() {
    WebSocket open = socket;
    if (open != null) {
      open.abort();
    }
    IllegalStateException closed = new IllegalStateException("DevTools session closed");
    pendingCalls.values().forEach(call -> call.completeExceptionally(closed));
  }

  private void dispatch(String text) {
    JsonObject message = JsonParser.parseString(text).getAsJsonObject();
    if (message.has("id")) {
      CompletableFuture<JsonObject> call = pendingCalls.get(message.get("id").getAsInt());
      if (call != null) {
        call.complete(message);
      }
      return;
    }
    String method = message.get("method").getAsString();
    CompletableFuture<JsonObject> awaited = awaitedEvents.remove(method);
    if (awaited != null) {
      awaited.complete(message.getAsJsonObject("params"));
    }
    eventSink.accept(message);
  }

  private static <T> T await(CompletionStage<T> stage, Duration deadline, String what) {
    try {
      return stage.toCompletableFuture().get(deadline.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("DevTools: no answer to " + what + " within " + deadline, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("DevTools: " + what + " failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for " + what, e);
    }
  }

  /** Reassembles fragmented text frames into whole protocol messages. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        dispatch(text);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      failPending(
          new IllegalStateException("DevTools socket closed: " + statusCode + " " + reason));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      failPending(error);
    }

    private void failPending(Throwable cause) {
      pendingCalls.values().forEach(call -> call.completeExceptionally(cause));
      awaitedEvents.values().forEach(event -> event.completeExceptionally(cause));
    }
  }
}
