import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.session.StandardManager;
import org.apache.catalina.session.StandardSession;
import tomcat.request.session.model.SessionMetadata;

/**
 * Loads Redis session manager values with each manager's own loading code and prints one line
 * per value, as corpora/tomcat/readback/Load.java does: the file, then what the session holds.
 * The manager is the file name's first part, up to "--": jcoleman (2.0.0's
 * JavaSerializer.deserializeInto), jcoleman-1 (1.2's), ran-jit (4.0's
 * SerializationUtil.deserializeSessionData with its SessionMetadata and
 * Session.readObjectData), chexagon (the Lettuce codec's decodeValue: readObject). A value the
 * loader refuses prints the file and the exception.
 */
public class LoadManagers {
    /** ran-jit's model/Session.readObjectData: the sequence, then the creation time. */
    static final class RanJitSession extends StandardSession {
        private static final long serialVersionUID = 1L;

        RanJitSession(StandardManager manager) {
            super(manager);
        }

        @Override
        public void readObjectData(ObjectInputStream in) throws IOException, ClassNotFoundException {
            super.readObjectData(in);
            this.setCreationTime(in.readLong());
        }
    }

    public static void main(String[] args) throws Exception {
        StandardContext context = new StandardContext();
        context.setName("/shop");
        context.setPath("/shop");
        StandardManager manager = new StandardManager();
        manager.setContext(context);
        ClassLoader loader = LoadManagers.class.getClassLoader();
        com.crimsonhexagon.rsm.RedisSessionManager chexagon = new com.crimsonhexagon.rsm.RedisSessionManager() {
            @Override
            protected com.crimsonhexagon.rsm.RedisSessionClient buildClient() {
                return null;
            }
        };
        chexagon.setContext(context);
        for (String path : args) {
            byte[] data = Files.readAllBytes(Path.of(path));
            String layout = Path.of(path).getFileName().toString().split("--")[0];
            try {
                StandardSession session;
                switch (layout) {
                    case "jcoleman": {
                        com.orangefunction.tomcat.redissessions.JavaSerializer serializer =
                                new com.orangefunction.tomcat.redissessions.JavaSerializer();
                        serializer.setClassLoader(loader);
                        com.orangefunction.tomcat.redissessions.RedisSession s =
                                new com.orangefunction.tomcat.redissessions.RedisSession(manager);
                        serializer.deserializeInto(data, s,
                                new com.orangefunction.tomcat.redissessions.SessionSerializationMetadata());
                        session = s;
                        break;
                    }
                    case "jcoleman-1": {
                        com.radiadesign.catalina.session.JavaSerializer serializer =
                                new com.radiadesign.catalina.session.JavaSerializer();
                        serializer.setClassLoader(loader);
                        com.radiadesign.catalina.session.RedisSession s =
                                new com.radiadesign.catalina.session.RedisSession(manager);
                        serializer.deserializeInto(data, s);
                        session = s;
                        break;
                    }
                    case "ran-jit": {
                        RanJitSession s = new RanJitSession(manager);
                        try (ObjectInputStream ois = new ObjectInputStream(
                                new BufferedInputStream(new ByteArrayInputStream(data)))) {
                            SessionMetadata metadata = (SessionMetadata) ois.readObject();
                            if (metadata.getAttributesHash().length != 16) {
                                throw new IOException("attributes hash of " + metadata.getAttributesHash().length + " bytes");
                            }
                            s.readObjectData(ois);
                        }
                        session = s;
                        break;
                    }
                    case "chexagon": {
                        com.crimsonhexagon.rsm.RedisSession s;
                        try (ObjectInputStream ois = new ObjectInputStream(new ByteArrayInputStream(data))) {
                            s = (com.crimsonhexagon.rsm.RedisSession) ois.readObject();
                        }
                        // What RedisSessionManager.findSession does after loading.
                        s.postDeserialization(chexagon);
                        session = s;
                        break;
                    }
                    default:
                        throw new IllegalArgumentException("no manager " + layout);
                }
                System.out.println(path + "\t" + Load.describe(session));
            } catch (Exception e) {
                System.out.println(path + "\tERROR " + e);
            }
        }
    }
}
