package io.dataplug.spark;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Map;
import io.dataplug.formats.storage.HadoopBlobStore;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/** The Hadoop configuration of a read: the session's, plus {@code fs.*} read options; shipped to executors. */
final class SparkHadoop {
  private SparkHadoop() {}

  static Configuration configuration(Map<String, String> fileSystemSettings) {
    return HadoopBlobStore.withReadSettings(SparkSession.active().sessionState().newHadoopConf(), fileSystemSettings);
  }

  /** Ships the configuration to the executors once per scan, as Spark's own file sources do. */
  static org.apache.spark.broadcast.Broadcast<SerializableConfiguration> broadcast(Configuration conf) {
    return SparkSession.active().sparkContext().broadcast(new SerializableConfiguration(conf),
        scala.reflect.ClassTag$.MODULE$.apply(SerializableConfiguration.class));
  }

  /** A Configuration that can be broadcast, as Spark's own file sources do. */
  static final class SerializableConfiguration implements Serializable {
    private transient Configuration conf;

    SerializableConfiguration(Configuration conf) {
      this.conf = conf;
    }

    Configuration get() {
      return conf;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
      out.defaultWriteObject();
      conf.write(out);
    }

    private void readObject(ObjectInputStream in) throws IOException {
      conf = new Configuration(false);
      conf.readFields(in);
    }
  }
}
