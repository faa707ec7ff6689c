import java.io.*;
import java.lang.reflect.Field;
import java.math.BigInteger;
import java.net.URL;
import java.util.*;

import org.apache.commons.beanutils.BeanComparator;
import org.apache.commons.collections.Transformer;
import org.apache.commons.collections.functors.ChainedTransformer;
import org.apache.commons.collections.functors.ConstantTransformer;
import org.apache.commons.collections.functors.InvokerTransformer;
import org.apache.commons.collections.keyvalue.TiedMapEntry;
import org.apache.commons.collections.map.LazyMap;

/**
 * Writes gadget-chain-shaped streams for `jsess audit`'s tests. Only ever serializes: nothing
 * here is deserialized in Java, and every chain is assembled with a harmless transformer first
 * and armed by reflection afterwards, so building it runs nothing.
 */
public class GadgetStreams {
    public static void main(String[] args) throws Exception {
        File out = new File(args[0]);
        write(new File(out, "gadget_commons_collections6.ser"), commonsCollections6());
        write(new File(out, "gadget_commons_beanutils.ser"), beanComparatorQueue());
        write(new File(out, "gadget_urldns.ser"), urlKeyedMap());
        // The same chain as msm stores it: an Integer count, then name/value pairs.
        try (ObjectOutputStream o = new ObjectOutputStream(new FileOutputStream(new File(out, "gadget_commons_collections6_attributes.ser")))) {
            o.writeObject(Integer.valueOf(2));
            o.writeObject("cart");
            o.writeObject(new ArrayList<>(List.of("sku-1", "sku-2")));
            o.writeObject("payload");
            o.writeObject(commonsCollections6());
        }
    }

    static void write(File file, Object value) throws IOException {
        try (ObjectOutputStream o = new ObjectOutputStream(new FileOutputStream(file))) {
            o.writeObject(value);
        }
    }

    /** HashSet → TiedMapEntry → LazyMap → ChainedTransformer of InvokerTransformers. */
    static Object commonsCollections6() throws Exception {
        Transformer[] chain = {
            new ConstantTransformer(Runtime.class),
            new InvokerTransformer("getMethod", new Class[] {String.class, Class[].class}, new Object[] {"getRuntime", new Class[0]}),
            new InvokerTransformer("invoke", new Class[] {Object.class, Object[].class}, new Object[] {null, new Object[0]}),
            new InvokerTransformer("exec", new Class[] {String.class}, new Object[] {"true"}),
            new ConstantTransformer(1),
        };
        Transformer harmless = new ConstantTransformer(1);
        Map<Object, Object> inner = new HashMap<>();
        Map<?, ?> lazy = LazyMap.decorate(inner, harmless);
        TiedMapEntry entry = new TiedMapEntry(lazy, "key");
        Set<Object> set = new HashSet<>();
        set.add(entry);          // computes hashCode with the harmless factory
        inner.remove("key");
        Field factory = LazyMap.class.getDeclaredField("factory");
        factory.setAccessible(true);
        factory.set(lazy, new ChainedTransformer(chain));
        return set;
    }

    /** PriorityQueue ordered by a BeanComparator (the CommonsBeanutils1 shape, on BigIntegers);
     *  the comparator is set after the elements so that building it compares nothing. */
    static Object beanComparatorQueue() throws Exception {
        PriorityQueue<Object> queue = new PriorityQueue<>(2);
        queue.add(BigInteger.ONE);
        queue.add(BigInteger.TWO);
        Field comparator = PriorityQueue.class.getDeclaredField("comparator");
        comparator.setAccessible(true);
        comparator.set(queue, new BeanComparator("lowestSetBit"));
        return queue;
    }

    /** HashMap keyed by a java.net.URL whose cached hash is cleared (the URLDNS shape). */
    static Object urlKeyedMap() throws Exception {
        URL url = new URL("http://jsess-audit.invalid/");
        Field hash = URL.class.getDeclaredField("hashCode");
        hash.setAccessible(true);
        hash.set(url, 1);        // put() then uses this instead of resolving the host
        Map<Object, Object> map = new HashMap<>();
        map.put(url, "value");
        hash.set(url, -1);       // as URLDNS leaves it: recomputed (a DNS lookup) on read
        return map;
    }
}
