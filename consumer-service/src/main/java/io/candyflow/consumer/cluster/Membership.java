package io.candyflow.consumer.cluster;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's membership of the cluster, kept in Kafka itself: no registry to run,
 * and the members are known wherever the price topic is.
 * <p>
 * Every instance keeps one record, keyed by its instance id, in a compacted topic and
 * rewrites it every heartbeat interval; it reads every other instance's records and
 * routes to those it heard from within the member timeout. A graceful stop writes a
 * tombstone, so that the others drop it at once rather than after the timeout.
 * <p>
 * Reading starts at the topic's end, not its beginning: a record written before this
 * instance started may be an instance's last words before it crashed, and with only this
 * instance's clock to go by (the senders' clocks are not to be trusted) it cannot tell
 * that from a live one. Live members are heard from within a heartbeat interval anyway.
 * <p>
 * Nothing here blocks the caller on Kafka: {@link #start()} and {@link #advertise} hand
 * the work to this class's threads, so that the application starts, and keeps answering
 * for itself, while Kafka is away.
 */
final class Membership implements MeterBinder, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(Membership.class);

	private final ClusterProperties properties;

	private final String self = UUID.randomUUID().toString();

	private final String url;

	private final Map<String, Object> adminConfig;

	private final MemberTable table;

	private final KafkaProducer<String, String> producer;

	private final KafkaConsumer<String, String> consumer;

	private final ScheduledExecutorService heartbeats;

	private final Thread reader;

	private final CountDownLatch stopped = new CountDownLatch(1);

	/** Guards the state changes a producer callback races with. */
	private final Object lock = new Object();

	private volatile Member advertised;

	/** The topic exists and the reader reads it: heartbeats may go out. */
	private volatile boolean topicReady;

	/** Reader thread only. */
	private boolean topicExists;

	private volatile boolean sentAny;

	private volatile boolean heartbeatFailing;

	private volatile boolean started;

	private volatile boolean closing;

	/**
	 * @param properties {@code candyflow.cluster.*}
	 * @param url the URL to advertise (see {@link ClusterProperties#advertisedUrl(int)})
	 * @param kafka the settings every Kafka client of the application shares (bootstrap
	 * servers, security); the clients' own settings are this class's
	 */
	Membership(ClusterProperties properties, String url, Map<String, Object> kafka) {
		this(properties, url, kafka, System::nanoTime);
	}

	Membership(ClusterProperties properties, String url, Map<String, Object> kafka, LongSupplier nanoClock) {
		this.properties = properties;
		this.url = url;
		this.table = new MemberTable(this.self, properties.memberTimeout(), nanoClock);
		this.adminConfig = adminConfig(kafka);
		this.producer = new KafkaProducer<>(producerConfig(kafka, properties), new StringSerializer(),
				new StringSerializer());
		try {
			this.consumer = new KafkaConsumer<>(consumerConfig(kafka), new StringDeserializer(),
					new StringDeserializer());
		}
		catch (RuntimeException ex) {
			this.producer.close(Duration.ZERO);
			throw ex;
		}
		this.heartbeats = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "candyflow-membership");
			thread.setDaemon(true);
			return thread;
		});
		this.reader = new Thread(this::read, "candyflow-membership-reader");
		this.reader.setDaemon(true);
	}

	private static Map<String, Object> adminConfig(Map<String, Object> kafka) {
		Map<String, Object> config = shared(kafka);
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
		config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
		return config;
	}

	private static Map<String, Object> producerConfig(Map<String, Object> kafka, ClusterProperties properties) {
		Map<String, Object> config = shared(kafka);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
		// a heartbeat that cannot go out should not hold up the next one for long
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.max(1000, properties.heartbeatInterval().toMillis()));
		return config;
	}

	private static Map<String, Object> consumerConfig(Map<String, Object> kafka) {
		Map<String, Object> config = shared(kafka);
		// partitions assigned by hand: no group, nothing committed
		config.remove(ConsumerConfig.GROUP_ID_CONFIG);
		config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		// a broker's auto-created topic would not be compacted: the topic is made here
		config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
		return config;
	}

	/** The connection settings, without a client id that would clash with another's. */
	private static Map<String, Object> shared(Map<String, Object> kafka) {
		Map<String, Object> config = new HashMap<>(kafka);
		config.remove(CommonClientConfigs.CLIENT_ID_CONFIG);
		return config;
	}

	/**
	 * This instance's id, new at every start.
	 * @return the id
	 */
	String self() {
		return this.self;
	}

	/**
	 * Starts reading the members and sending heartbeats; returns at once. Creates the
	 * members topic first if it does not exist, retrying until Kafka answers.
	 */
	void start() {
		synchronized (this.lock) {
			if (this.started || this.closing) {
				throw new IllegalStateException("Membership " + this.self + " was already started");
			}
			this.started = true;
		}
		this.reader.start();
		long interval = this.properties.heartbeatInterval().toMillis();
		this.heartbeats.scheduleWithFixedDelay(this::heartbeat, interval, interval, TimeUnit.MILLISECONDS);
	}

	/**
	 * Tells the cluster what this instance owns now: written at once, then at every
	 * heartbeat. This instance routes by it at once too, without waiting for Kafka. Does
	 * not block (a rebalance listener may call it). Ignored once stopping: a stopping
	 * instance's last assignment is the tombstone.
	 * @param partitions the price topic's partitions assigned to this instance
	 * @param ready whether it has caught up with them
	 * @param generation the consumer group generation of the assignment
	 */
	void advertise(Set<Integer> partitions, boolean ready, int generation) {
		Member member = new Member(this.self, this.url, List.copyOf(partitions), ready, generation);
		synchronized (this.lock) {
			if (this.closing) {
				return;
			}
			this.advertised = member;
			this.table.heard(member);
		}
		sendSoon();
	}

	/**
	 * Leaves a member out of the routing until a record of it arrives after this call;
	 * for a forward to it that failed (refused, timed out), so that the retry goes
	 * elsewhere or waits for news rather than failing the same way.
	 * @param instanceId the member
	 */
	void suspect(String instanceId) {
		this.table.suspect(instanceId);
	}

	/**
	 * Who owns what, now.
	 * @return a snapshot of the routing
	 */
	RoutingTable routing() {
		return this.table.routing();
	}

	/**
	 * Moves whenever the routing may have changed: a caller waiting for a member or for a
	 * partition's owner compares it with the one it saw rather than rebuilding the table
	 * in a loop.
	 * @return the version
	 */
	long version() {
		return this.table.version();
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("candyflow.cluster.members", this, (membership) -> membership.routing().members().size())
			.description("Instances of the cluster this one routes to, itself included")
			.register(registry);
	}

	/**
	 * Stops gracefully: writes this instance's tombstone, so that the others stop routing
	 * to it at once, then stops reading. Waits up to the member timeout for the
	 * tombstone: past that the others expire this instance anyway.
	 */
	@Override
	public void close() {
		if (!beginClosing(true)) {
			return;
		}
		stopHeartbeats();
		if (this.sentAny) {
			try {
				this.producer.send(new ProducerRecord<>(this.properties.membersTopic(), this.self, null),
						(metadata, ex) -> {
							if (ex != null) {
								logger.warn(
										"Could not remove {} from the members topic {}; the others will drop it "
												+ "after {}",
										this.self, this.properties.membersTopic(), this.properties.memberTimeout(), ex);
							}
						});
			}
			catch (KafkaException ex) {
				logger.warn("Could not remove {} from the members topic {}", this.self, this.properties.membersTopic(),
						ex);
			}
		}
		// close flushes: the tombstone goes out or times out here
		this.producer.close(this.properties.memberTimeout());
		stopReading();
	}

	/**
	 * Stops as a crash would, without a word to the others: for tests of the timeout.
	 */
	void abandon() {
		if (!beginClosing(false)) {
			return;
		}
		stopHeartbeats();
		this.producer.close(Duration.ZERO);
		stopReading();
	}

	private boolean beginClosing(boolean leave) {
		synchronized (this.lock) {
			if (this.closing) {
				return false;
			}
			this.closing = true;
			if (leave) {
				this.table.removed(this.self);
			}
			return true;
		}
	}

	private void stopHeartbeats() {
		this.heartbeats.shutdown();
		try {
			if (!this.heartbeats.awaitTermination(this.properties.heartbeatInterval().toMillis() + 2000,
					TimeUnit.MILLISECONDS)) {
				this.heartbeats.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			this.heartbeats.shutdownNow();
			Thread.currentThread().interrupt();
		}
	}

	private void stopReading() {
		this.stopped.countDown();
		if (this.reader.isAlive()) {
			this.consumer.wakeup();
			try {
				this.reader.join(2000);
				if (this.reader.isAlive()) {
					// in the admin client's calls, which a wakeup does not reach
					this.reader.interrupt();
					this.reader.join(10_000);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		else if (!this.started) {
			this.consumer.close(Duration.ZERO);
		}
	}

	private void sendSoon() {
		try {
			this.heartbeats.execute(this::heartbeat);
		}
		catch (RejectedExecutionException ex) {
			// stopping
		}
	}

	private void heartbeat() {
		Member member = this.advertised;
		if (member == null || !this.topicReady || this.closing) {
			return;
		}
		try {
			this.producer.send(new ProducerRecord<>(this.properties.membersTopic(), this.self, member.toJson()),
					(metadata, ex) -> sent(member, ex));
			this.sentAny = true;
		}
		catch (KafkaException ex) {
			sent(member, ex);
		}
	}

	/**
	 * This instance's own entry is kept live by the broker's acknowledgements, not by
	 * reading its records back: the same evidence the others have that it is alive,
	 * without a round trip through the reader, and with no older record read back undoing
	 * a newer {@link #advertise}.
	 */
	private void sent(Member member, Exception ex) {
		if (ex == null) {
			synchronized (this.lock) {
				if (!this.closing && member == this.advertised) {
					this.table.heard(member);
				}
			}
			if (this.heartbeatFailing) {
				this.heartbeatFailing = false;
				logger.info("Heartbeats to the members topic {} go through again", this.properties.membersTopic());
			}
		}
		else if (!this.heartbeatFailing && !this.closing) {
			this.heartbeatFailing = true;
			logger.warn(
					"A heartbeat to the members topic {} failed; the others stop routing to this instance "
							+ "after {} without one",
					this.properties.membersTopic(), this.properties.memberTimeout(), ex);
		}
	}

	private void read() {
		try {
			Duration poll = Duration
				.ofMillis(Math.max(10, Math.min(500, this.properties.heartbeatInterval().toMillis() / 2)));
			while (!this.closing) {
				try {
					if (!this.topicReady) {
						prepare();
						continue;
					}
					for (ConsumerRecord<String, String> record : this.consumer.poll(poll)) {
						apply(record);
					}
					this.table.expire();
				}
				catch (WakeupException ex) {
					// closing
				}
				catch (KafkaException ex) {
					if (ex instanceof InterruptException) {
						return;
					}
					logger.warn("Reading the members topic {} failed; retrying", this.properties.membersTopic(), ex);
					pause();
				}
			}
		}
		finally {
			this.consumer.close(Duration.ZERO);
		}
	}

	private void prepare() {
		String topic = this.properties.membersTopic();
		createTopic(topic);
		List<PartitionInfo> infos = this.consumer.partitionsFor(topic, Duration.ofSeconds(10));
		if (infos == null || infos.isEmpty()) {
			logger.info("The members topic {} has no partitions yet; retrying", topic);
			pause();
			return;
		}
		List<TopicPartition> partitions = infos.stream()
			.map((info) -> new TopicPartition(info.topic(), info.partition()))
			.toList();
		this.consumer.assign(partitions);
		this.consumer.seekToEnd(partitions);
		// fix the positions now, before any heartbeat of this instance's, so that only
		// records written from here on are read
		partitions.forEach(this.consumer::position);
		this.topicReady = true;
		sendSoon();
	}

	/**
	 * Compacted, because only each member's last record matters; small segments, so that
	 * compaction keeps up with a heartbeat a second per member. And deleted after an
	 * hour: a member that crashed wrote no tombstone, and its last record would stay for
	 * good, while members read from the end and every live one writes again each second.
	 * Replicated like the price topic would be (up to 3), since without it no instance
	 * can route.
	 */
	private void createTopic(String topic) {
		if (this.topicExists) {
			return;
		}
		Admin admin = Admin.create(this.adminConfig);
		try {
			int brokers = admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size();
			NewTopic members = new NewTopic(topic, Optional.of(1),
					Optional.of((short) Math.max(1, Math.min(3, brokers))))
				.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
						TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
						TopicConfig.RETENTION_MS_CONFIG, String.valueOf(Duration.ofHours(1).toMillis()),
						TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(Duration.ofMinutes(10).toMillis())));
			admin.createTopics(List.of(members)).all().get(10, TimeUnit.SECONDS);
			logger.info("Created the members topic {}", topic);
			this.topicExists = true;
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof TopicExistsException) {
				this.topicExists = true;
			}
			else {
				// may exist all the same (created by someone allowed to): the partitions
				// tell
				logger.warn("Could not create the members topic {}", topic, ex.getCause());
			}
		}
		catch (TimeoutException | KafkaException ex) {
			logger.warn("Could not create the members topic {}", topic, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptException(ex);
		}
		finally {
			// not waiting for calls still pending: they only matter to a stop, which is
			// what interrupts them
			admin.close(Duration.ZERO);
		}
	}

	private void pause() {
		try {
			this.stopped.await(this.properties.heartbeatInterval().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptException(ex);
		}
	}

	private void apply(ConsumerRecord<String, String> record) {
		String key = record.key();
		if (key == null || key.equals(this.self)) {
			// not a member's record, or this instance's own (see sent)
			return;
		}
		if (record.value() == null) {
			this.table.removed(key);
			return;
		}
		Member member;
		try {
			member = Member.fromJson(record.value());
		}
		catch (RuntimeException ex) {
			logger.warn("Ignored a record of {} at {}-{}@{} that is not a member's: {}", key, record.topic(),
					record.partition(), record.offset(), ex.getMessage());
			return;
		}
		if (!member.instanceId().equals(key)) {
			logger.warn("Ignored a record keyed {} for member {} at {}-{}@{}", key, member.instanceId(), record.topic(),
					record.partition(), record.offset());
			return;
		}
		this.table.heard(member);
	}

}
