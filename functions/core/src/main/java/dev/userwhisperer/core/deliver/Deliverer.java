package dev.userwhisperer.core.deliver;

import dev.userwhisperer.core.message.Delivery;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.ChannelSender;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.port.Warehouse;
import dev.userwhisperer.core.warehouse.WarehouseRows;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The deliver stage: hands a message to its channel's sender and records the delivery. A {@code
 * TransientFailure} from the sender propagates so that the bus redelivers; the sender itself makes
 * a repeated outboundId reach the user once.
 */
public final class Deliverer implements Consumer<OutboundMessage> {
  private final ChannelSender sender;
  private final Warehouse warehouse;

  public Deliverer(ChannelSender sender, Warehouse warehouse) {
    this.sender = Objects.requireNonNull(sender, "sender");
    this.warehouse = Objects.requireNonNull(warehouse, "warehouse");
  }

  @Override
  public void accept(OutboundMessage message) {
    Delivery delivery = sender.send(message);
    warehouse.append(Table.DELIVERIES, List.of(WarehouseRows.delivery(delivery)));
  }
}
