package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.MetricDescriptor;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.monitoring.v3.MetricServiceSettings;
import com.google.monitoring.v3.CreateMetricDescriptorRequest;
import com.google.monitoring.v3.CreateTimeSeriesRequest;
import com.google.monitoring.v3.TimeSeries;
import com.google.protobuf.Empty;
import dev.userwhisperer.core.ingest.IngestResult;
import dev.userwhisperer.telemetry.PipelineMetrics;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.micrometer.stackdriver.StackdriverMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The functions' meters as Cloud Monitoring receives them: the Stackdriver registry that {@link
 * GcpTelemetry} configures, talking gRPC to an in-process server of Cloud Monitoring's own {@code
 * google.monitoring.v3.MetricService} protocol, which records what it is sent.
 */
class CloudMonitoringExportTest {
  private static final String SERVICE = "google.monitoring.v3.MetricService";

  private final List<CreateTimeSeriesRequest> timeSeries = new CopyOnWriteArrayList<>();
  private final List<CreateMetricDescriptorRequest> descriptors = new CopyOnWriteArrayList<>();
  private Server server;
  private ManagedChannel channel;

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  @Test
  void ingestMetersReachCloudMonitoringAsCustomMetricsOfTheInstance() throws Exception {
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name).directExecutor().addService(metricService()).build();
    server.start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    MetricServiceSettings settings =
        MetricServiceSettings.newBuilder()
            .setTransportChannelProvider(
                FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)))
            .setCredentialsProvider(NoCredentialsProvider.create())
            .build();
    StackdriverMeterRegistry registry =
        StackdriverMeterRegistry.builder(
                GcpTelemetry.stackdriver(
                    "whisperer-prod",
                    "europe-west1",
                    "ingest",
                    "instance-7",
                    Duration.ofMinutes(1)))
            .metricServiceSettings(() -> settings)
            .build();

    new PipelineMetrics(registry)
        .served("ingest", 202, new IngestResult(3, 1, 0, List.of()), Duration.ofMillis(12));
    registry.close(); // publishes the step in progress

    assertThat(timeSeries).isNotEmpty();
    assertThat(timeSeries.get(0).getName()).isEqualTo("projects/whisperer-prod");
    List<TimeSeries> sent =
        timeSeries.stream().flatMap(r -> r.getTimeSeriesList().stream()).toList();
    TimeSeries accepted =
        sent.stream()
            .filter(
                t ->
                    t.getMetric().getType().equals("custom.googleapis.com/whisperer/ingest/events")
                        && "accepted".equals(t.getMetric().getLabelsMap().get("result")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no accepted events among " + sent));
    assertThat(accepted.getPoints(0).getValue().getDoubleValue()).isEqualTo(3.0);
    assertThat(accepted.getResource().getType()).isEqualTo("generic_task");
    assertThat(accepted.getResource().getLabelsMap())
        .containsAllEntriesOf(
            Map.of(
                "project_id", "whisperer-prod",
                "location", "europe-west1",
                "namespace", "whisperer",
                "job", "ingest",
                "task_id", "instance-7"));
    assertThat(sent)
        .extracting(t -> t.getMetric().getType())
        .contains("custom.googleapis.com/whisperer/ingest/requests");
    assertThat(descriptors)
        .extracting(d -> d.getMetricDescriptor().getType())
        .contains("custom.googleapis.com/whisperer/ingest/events");
  }

  private ServerServiceDefinition metricService() {
    return ServerServiceDefinition.builder(SERVICE)
        .addMethod(
            unary(
                "CreateTimeSeries",
                CreateTimeSeriesRequest.getDefaultInstance(),
                Empty.getDefaultInstance()),
            ServerCalls.asyncUnaryCall(
                (request, response) -> {
                  timeSeries.add(request);
                  response.onNext(Empty.getDefaultInstance());
                  response.onCompleted();
                }))
        .addMethod(
            unary(
                "CreateMetricDescriptor",
                CreateMetricDescriptorRequest.getDefaultInstance(),
                MetricDescriptor.getDefaultInstance()),
            ServerCalls.asyncUnaryCall(
                (request, response) -> {
                  descriptors.add(request);
                  response.onNext(request.getMetricDescriptor());
                  response.onCompleted();
                }))
        .build();
  }

  private static <Q extends com.google.protobuf.Message, R extends com.google.protobuf.Message>
      MethodDescriptor<Q, R> unary(String method, Q request, R response) {
    return MethodDescriptor.<Q, R>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, method))
        .setRequestMarshaller(ProtoUtils.marshaller(request))
        .setResponseMarshaller(ProtoUtils.marshaller(response))
        .build();
  }
}
