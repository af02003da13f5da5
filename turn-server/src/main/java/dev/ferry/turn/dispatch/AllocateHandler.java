package dev.ferry.turn.dispatch;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.ErrorCodes;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.attribute.DontFragment;
import dev.ferry.stun.attribute.EvenPort;
import dev.ferry.stun.attribute.Lifetime;
import dev.ferry.stun.attribute.RequestedAddressFamily;
import dev.ferry.stun.attribute.RequestedTransport;
import dev.ferry.stun.attribute.ReservationToken;
import dev.ferry.turn.allocation.AddressFamily;
import dev.ferry.turn.allocation.Admission;
import dev.ferry.turn.allocation.Allocation;
import dev.ferry.turn.allocation.AllocationSpec;
import dev.ferry.turn.allocation.AllocationTable;
import dev.ferry.turn.allocation.TransportAddress;
import dev.ferry.turn.metrics.TurnMetrics.AllocateResult;
import dev.ferry.turn.relay.DatagramEndpoint;
import dev.ferry.turn.relay.EvenPortPair;
import dev.ferry.turn.relay.PeerDatagrams;
import dev.ferry.turn.relay.RelaySocket;
import dev.ferry.turn.relay.ReservationTokens.Reservation;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Allocate (RFC 8656 §7.2), every check in the RFC's order, then a relay socket bound on the
 * client's event loop at a port from the shared pool. The step numbers below are the RFC's.
 */
final class AllocateHandler {
  private static final Logger LOG = LoggerFactory.getLogger("dev.ferry.turn.allocations");

  /**
   * Ports tried when binding fails (another process holds the port) before answering 508. A relay
   * range that overlaps the host's ephemeral ports can be 40% taken by other processes; each failed
   * port is quarantined and a retry reuses the unbound socket, so trying on is cheap.
   */
  private static final int BIND_ATTEMPTS = 16;

  private static final int FAMILY_IPV4 = 0x01;
  private static final int FAMILY_IPV6 = 0x02;

  private final TurnServices services;

  AllocateHandler(TurnServices services) {
    this.services = services;
  }

  /** What the request asks for once steps 3-9 have passed. */
  private record Ask(
      AddressFamily family,
      int evenPort,
      boolean hasToken,
      long token,
      boolean dualRequested,
      boolean dontFragment) {}

  Outcome handle(TurnRequest request) {
    StunMessage m = request.message();
    AllocationTable<RelaySocket> table = request.loop().table();
    // 2. The 5-tuple already has an allocation: 437, unless this is the Allocate that created it
    //    (its cached answer expired), which gets the success again.
    Allocation<RelaySocket> existing = table.get(request.fiveTuple(), request.now());
    if (existing != null) {
      if (existing.isCreatedBy(request.transactionId())) {
        return success(request, existing, null, false);
      }
      return fail(request, AllocateResult.ALLOCATION_MISMATCH, 437, "Allocation Mismatch");
    }
    // 3. REQUESTED-TRANSPORT: missing or malformed 400, not UDP 442.
    int transport = RequestedTransport.read(m);
    if (transport < 0) {
      return badRequest(request, "REQUESTED-TRANSPORT missing or malformed");
    }
    if (transport != RequestedTransport.UDP) {
      return fail(
          request,
          AllocateResult.UNSUPPORTED_TRANSPORT,
          ErrorCodes.UNSUPPORTED_TRANSPORT_PROTOCOL,
          "Unsupported Transport Protocol");
    }
    // 4. DONT-FRAGMENT: when DF cannot be set it was answered with 420 before this handler;
    //    otherwise the relay socket sets DF on everything it sends (§14.1).
    boolean dontFragment = DontFragment.isPresent(m);
    // 5. RESERVATION-TOKEN excludes EVEN-PORT and both family attributes.
    boolean hasToken = m.contains(AttributeType.RESERVATION_TOKEN);
    boolean hasEvenPort = m.contains(AttributeType.EVEN_PORT);
    boolean hasRequestedFamily = m.contains(AttributeType.REQUESTED_ADDRESS_FAMILY);
    boolean hasAdditionalFamily = m.contains(AttributeType.ADDITIONAL_ADDRESS_FAMILY);
    if (hasToken
        && (!ReservationToken.isPresentAndWellFormed(m)
            || hasEvenPort
            || hasRequestedFamily
            || hasAdditionalFamily)) {
      return badRequest(request, "RESERVATION-TOKEN with EVEN-PORT or an address family");
    }
    int evenPort = hasEvenPort ? EvenPort.read(m) : -2;
    if (evenPort == EvenPort.INVALID) {
      return badRequest(request, "EVEN-PORT malformed");
    }
    // 6. Both family attributes: 400.
    if (hasRequestedFamily && hasAdditionalFamily) {
      return badRequest(request, "REQUESTED-ADDRESS-FAMILY with ADDITIONAL-ADDRESS-FAMILY");
    }
    // 7. REQUESTED-ADDRESS-FAMILY: unsupported 440; absent means IPv4.
    AddressFamily family = AddressFamily.IPV4;
    if (hasRequestedFamily) {
      int code = RequestedAddressFamily.read(m);
      if (code < 0) {
        return badRequest(request, "REQUESTED-ADDRESS-FAMILY malformed");
      } else if (code == FAMILY_IPV6) {
        family = AddressFamily.IPV6;
      } else if (code != FAMILY_IPV4) {
        return familyNotSupported(request);
      }
    }
    // 8. EVEN-PORT R=1 with ADDITIONAL-ADDRESS-FAMILY: 400.
    if (evenPort == EvenPort.RESERVE && hasAdditionalFamily) {
      return badRequest(request, "EVEN-PORT R=1 with ADDITIONAL-ADDRESS-FAMILY");
    }
    // 9. ADDITIONAL-ADDRESS-FAMILY: IPv4 is a 400; IPv6 asks for a dual allocation, which this
    //    server meets partially (IPv4 only, ADDRESS-ERROR-CODE 440 for IPv6).
    boolean dual = false;
    if (hasAdditionalFamily) {
      int i = m.indexOf(AttributeType.ADDITIONAL_ADDRESS_FAMILY);
      int code = m.valueLengthAt(i) == 4 ? m.buffer().getUnsignedByte(m.valueOffsetAt(i)) : -1;
      if (code != FAMILY_IPV6) {
        return badRequest(request, "ADDITIONAL-ADDRESS-FAMILY must be IPv6");
      }
      dual = true;
    }
    long token = hasToken ? ReservationToken.read(m) : 0;
    return create(request, new Ask(family, evenPort, hasToken, token, dual, dontFragment), table);
  }

  private Outcome create(TurnRequest request, Ask ask, AllocationTable<RelaySocket> table) {
    // Where to bind: the reservation's address, or one of the requested family (else 440).
    Optional<Reservation> reservation = Optional.empty();
    InetAddress ip;
    if (ask.hasToken()) {
      reservation = services.tokens().take(ask.token());
      if (reservation.isEmpty()) {
        // 5. A token that is unknown, used or expired: 508.
        return insufficientCapacity(request, "Reservation token not valid");
      }
      ip = reservation.get().relayAddress();
    } else {
      Optional<InetAddress> chosen =
          services.addresses().bindAddress(ask.family(), request.link().local().getAddress());
      if (chosen.isEmpty()) {
        return familyNotSupported(request);
      }
      ip = chosen.get();
    }
    // 10. Quotas (per username and in total): 486. Holds the 5-tuple while the socket binds.
    Admission<RelaySocket> admission =
        table.admit(
            request.fiveTuple(), request.transactionId(), request.auth().username(), request.now());
    switch (admission.outcome()) {
      case ADMITTED:
        break;
      case RETRANSMISSION:
        reservation.ifPresent(r -> services.ports().release(r.port()));
        return success(request, admission.existing(), null, false);
      case IN_PROGRESS:
        reservation.ifPresent(r -> services.ports().release(r.port()));
        return Outcome.drop(DropReason.IN_PROGRESS);
      case ALLOCATION_MISMATCH:
        reservation.ifPresent(r -> services.ports().release(r.port()));
        return fail(request, AllocateResult.ALLOCATION_MISMATCH, 437, "Allocation Mismatch");
      default:
        reservation.ifPresent(r -> services.ports().release(r.port()));
        return fail(
            request,
            AllocateResult.QUOTA_REACHED,
            ErrorCodes.ALLOCATION_QUOTA_REACHED,
            "Allocation Quota Reached");
    }
    Bound bound = bind(request, ask, ip, reservation);
    if (bound == null) {
      table.abandon(admission);
      return insufficientCapacity(request, "No relay port available");
    }
    RelaySocket socket = bound.socket();
    InetSocketAddress local = socket.local();
    AllocationSpec spec =
        new AllocationSpec(
            request.fiveTuple(),
            request.transactionId(),
            request.auth().username(),
            services.authenticator().realm().name(),
            TransportAddress.of(local),
            Lifetime.read(request.message()),
            ask.dontFragment());
    Allocation<RelaySocket> allocation = table.complete(admission, spec, socket, request.now());
    socket.attach(allocation);
    services.metrics().allocationOpened();
    LOG.info(
        "Allocation created: user={} {} relay={} lifetime={}s",
        allocation.username(),
        allocation.fiveTuple(),
        socket.advertised(),
        allocation.remainingSeconds(request.now()));
    return success(request, allocation, bound.reservedToken(), ask.dualRequested());
  }

  /** A bound relay socket and, for EVEN-PORT R=1, the token of the port held behind it. */
  private record Bound(RelaySocket socket, Long reservedToken) {}

  private Bound bind(
      TurnRequest request, Ask ask, InetAddress ip, Optional<Reservation> reservation) {
    if (reservation.isPresent()) {
      // The reserved port is held already; if it cannot be bound there is no other to try.
      int port = reservation.get().port();
      RelaySocket socket = open(request, ask, ip, port);
      if (socket == null) {
        services.ports().markUnusable(port);
      }
      return socket == null ? null : new Bound(socket, null);
    }
    for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
      if (ask.evenPort() == EvenPort.RESERVE) {
        Optional<EvenPortPair> pair = services.ports().acquireEvenPair();
        if (pair.isEmpty()) {
          return null;
        }
        RelaySocket socket = open(request, ask, ip, pair.get().even());
        if (socket == null) {
          services.ports().markUnusable(pair.get().even());
          services.ports().release(pair.get().odd());
          continue;
        }
        long token = services.tokens().reserve(pair.get().odd(), ip).token();
        return new Bound(socket, token);
      }
      OptionalInt port =
          ask.evenPort() == EvenPort.NO_RESERVE
              ? services.ports().acquireEven()
              : services.ports().acquire();
      if (port.isEmpty()) {
        return null;
      }
      RelaySocket socket = open(request, ask, ip, port.getAsInt());
      if (socket != null) {
        return new Bound(socket, null);
      }
      services.ports().markUnusable(port.getAsInt());
    }
    return null;
  }

  /** Binds a relay socket on the client's loop; null when the port cannot be bound. */
  private RelaySocket open(TurnRequest request, Ask ask, InetAddress ip, int port) {
    InetSocketAddress local = new InetSocketAddress(ip, port);
    PeerDatagrams peers = new PeerDatagrams(services.clock(), services.metrics());
    Optional<DatagramEndpoint> endpoint =
        services
            .relays()
            .open(request.link().eventLoop(), local, ask.dontFragment(), peers, services.metrics());
    if (endpoint.isEmpty()) {
      LOG.debug("Relay port {} could not be bound", port);
      return null;
    }
    RelaySocket socket =
        new RelaySocket(
            endpoint.get(),
            port,
            services.ports(),
            request.link(),
            request.source(),
            local,
            services.addresses().advertised(local));
    peers.attach(socket);
    return socket;
  }

  /**
   * The success answer: XOR-RELAYED-ADDRESS, LIFETIME, XOR-MAPPED-ADDRESS, RESERVATION-TOKEN when a
   * port was reserved, ADDRESS-ERROR-CODE when only part of a dual allocation was possible.
   */
  private Outcome success(
      TurnRequest request, Allocation<RelaySocket> allocation, Long token, boolean dual) {
    services.metrics().allocate(AllocateResult.SUCCESS);
    long lifetime = allocation.remainingSeconds(request.now());
    return services
        .responses()
        .success(
            request.message(),
            request.auth(),
            w -> {
              w.xorRelayedAddress(allocation.relay().advertised())
                  .lifetime(lifetime)
                  .xorMappedAddress(request.source());
              if (token != null) {
                w.reservationToken(token);
              }
              if (dual) {
                w.addressErrorCode(
                    FAMILY_IPV6,
                    ErrorCodes.ADDRESS_FAMILY_NOT_SUPPORTED,
                    "Dual allocation not supported");
              }
            },
            request.link().alloc());
  }

  private Outcome badRequest(TurnRequest request, String reason) {
    return fail(request, AllocateResult.BAD_REQUEST, ErrorCodes.BAD_REQUEST, reason);
  }

  private Outcome familyNotSupported(TurnRequest request) {
    return fail(
        request,
        AllocateResult.ADDRESS_FAMILY_NOT_SUPPORTED,
        ErrorCodes.ADDRESS_FAMILY_NOT_SUPPORTED,
        "Address Family not Supported");
  }

  private Outcome insufficientCapacity(TurnRequest request, String reason) {
    return fail(
        request, AllocateResult.INSUFFICIENT_CAPACITY, ErrorCodes.INSUFFICIENT_CAPACITY, reason);
  }

  private Outcome fail(TurnRequest request, AllocateResult result, int code, String reason) {
    services.metrics().allocate(result);
    return services
        .responses()
        .error(request.message(), request.auth(), code, reason, request.link().alloc());
  }
}
