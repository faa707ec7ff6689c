package com.shop.pricing;

import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;

/** The Serializable invocation handler of a {@link DiscountPolicy} proxy. */
public class PolicyHandler implements InvocationHandler, Serializable {
    private static final long serialVersionUID = 1L;

    private final String campaign;
    private final int percent;

    public PolicyHandler(String campaign, int percent) {
        this.campaign = campaign;
        this.percent = percent;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
        if (method.getName().equals("percentFor")) return percent;
        if (method.getName().equals("toString")) return "DiscountPolicy[" + campaign + "]";
        if (method.getName().equals("hashCode")) return campaign.hashCode();
        if (method.getName().equals("equals")) return proxy == args[0];
        throw new UnsupportedOperationException(method.getName());
    }
}
