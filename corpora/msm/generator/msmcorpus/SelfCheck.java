package msmcorpus;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Rebuilds the hex examples of msm-format.md §8 with this generator's envelope code and fails on
 * the first difference. The hex strings are copied from the notes, where msm's own classes made
 * them.
 */
final class SelfCheck {
    /** §8.2: the example session, Java serialization transcoder, 177 bytes. */
    static final String JAVA_8_2 = "000200540000018bcfe568000000018bcfe652600000070830310000018bcfe73cc0"
            + "0000018bcfe73eb40020384633413243314234443545364637303831393241334234433544364537463800000000"
            + "00000000aced0005737200116a6176612e6c616e672e496e746567657212e2a0a4f781873802000149000576616c"
            + "7565787200106a6176612e6c616e672e4e756d62657286ac951d0b94e08b020000787000000001740003666f6f74"
            + "0003626172";

    /** §8.3: the same session, Kryo transcoder, 96 bytes. */
    static final String KRYO_8_3 = "000200540000018bcfe568000000018bcfe652600000070830310000018bcfe73cc0"
            + "0000018bcfe73eb40020384633413243314234443545364637303831393241334234433544364537463800000000"
            + "0000000001010301666fef03016261f2";

    /** §8.4: tc6/tc7 principal alice / secret / [admin], 34 bytes. */
    static final String TC7_PRINCIPAL_8_4 = "aced0005771c0005616c69636501000673656372657400000001000561646d696e00";

    /** §8.5: the start of the tc8 principal stream (Tomcat 9.0.70). */
    static final String TC8_PRINCIPAL_PREFIX_8_5 = "aced000573720040"
            + HexFormat.of().formatHex("org.apache.catalina.realm.GenericPrincipal$SerializablePrincipal"
                    .getBytes(StandardCharsets.US_ASCII))
            + "0000000000000001" + "02" + "0005";

    /** §8.7: validity value for 1800 s and the §8 access times. */
    static final String VALIDITY_8_7 = "000007080000018bcfe652600000018bcfe73cc0";

    private SelfCheck() {}

    static void run() throws Exception {
        HexFormat hex = HexFormat.of();

        // §8.1/§8.2: V2 header and full blob.
        byte[] v2 = example(Envelope.VERSION_2, false);
        expect("section 8.2 blob", hex.formatHex(v2), JAVA_8_2);

        // §8.1: V1 is the same header without the two V2 length fields, and H = 80.
        byte[] v1 = example(Envelope.VERSION_1, false);
        byte[] expectedV1 = new byte[v2.length - 4];
        System.arraycopy(v2, 0, expectedV1, 0, 80);
        System.arraycopy(v2, 84, expectedV1, 80, v2.length - 84);
        expectedV1[1] = 1;
        expectedV1[3] = 0x50;
        expect("section 8.1 V1 header", hex.formatHex(v1), hex.formatHex(expectedV1));

        // §8.3: the Kryo blob starts with the same 84-byte header.
        expect("section 8.3 header", KRYO_8_3.substring(0, 168), JAVA_8_2.substring(0, 168));

        // §8.4: the tc7 principal block.
        byte[] tc7 = Envelope.principal(Generator.principal("alice", "secret", "admin"), Envelope.PrincipalForm.TC7);
        expect("section 8.4 principal", hex.formatHex(tc7), TC7_PRINCIPAL_8_4);

        // §8.5: FORM + GenericPrincipal("alice", null, [admin]) in the tc8 form.
        byte[] form = example(Envelope.VERSION_2, true);
        String f = hex.formatHex(form);
        expect("section 8.5 length", String.valueOf(form.length), "466");
        expect("section 8.5 header start", f.substring(0, 8), "00020175");
        expect("section 8.5 authType, P", f.substring(2 * 76, 2 * 80), "00040121");
        expect("section 8.5 principal start", f.substring(2 * 80, 2 * 80 + TC8_PRINCIPAL_PREFIX_8_5.length()),
                TC8_PRINCIPAL_PREFIX_8_5);
        expect("section 8.5 tail", f.substring(2 * (80 + 289)), "00000000" + JAVA_8_2.substring(2 * 84));

        // §8.7: the validity value.
        expect("section 8.7 validity", hex.formatHex(Envelope.validity(Generator.MAX_INACTIVE,
                Generator.LAST_ACCESSED, Generator.THIS_ACCESSED)), VALIDITY_8_7);
    }

    /** The §8 session: §8 times and id, no auth (or §8.5's FORM login), one attribute foo -> bar. */
    static byte[] example(int version, boolean formLogin) throws Exception {
        BackupSession session = Generator.newSession(Generator.EXAMPLE_ID);
        session.setAttribute("foo", "bar");
        if (formLogin) {
            session.setAuthType("FORM");
            session.setPrincipal(Generator.principal("alice", null, "admin"));
        }
        return Generator.blob(session, version, Envelope.PrincipalForm.TC8, AttributeStream.write(session));
    }

    private static void expect(String what, String actual, String expected) {
        if (!actual.equals(expected)) {
            throw new IllegalStateException("self-check " + what + " failed:\n  expected " + expected
                    + "\n  actual   " + actual);
        }
    }
}
